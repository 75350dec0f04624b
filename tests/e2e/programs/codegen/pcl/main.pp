config "prefix" "string" {
  default = "demo"
}

resource "widget" "fixture:index:Widget" {
  displayName = "${prefix}-widget"
  spec = {
    size   = "SMALL"
    labels = { team = "platform" }
  }
}

output "widgetArn" {
  value = widget.arn
}
