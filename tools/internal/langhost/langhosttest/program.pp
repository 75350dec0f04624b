config "prefix" "string" {
  default = "demo"
}

resource "widget" "fixture:index:Widget" {
  displayName = "${prefix}-widget"
  spec = {
    size   = "LARGE"
    labels = { team = "platform" }
  }
}

found = invoke("fixture:index:getWidget", { name = widget.displayName })

output "widgetArn" {
  value = widget.arn
}

output "foundArn" {
  value = found.arn
}
