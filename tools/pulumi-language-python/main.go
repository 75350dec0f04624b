// Command pulumi-language-python is this repository's own Python language host for the Pulumi engine.
//
// Why we ship our own: like the Node.js host (../pulumi-language-nodejs), the official host module
// (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) is not served by the Go module
// proxy and Pulumi's release archives are out of reach, and the engine will not run a `runtime: python`
// project without a host executable. This one runs programs on the PyPI `pulumi` package (pinned to the
// engine's version) with its own small runner (runner.py, embedded), manages the program's virtualenv
// with the SDK's Python toolchain library (sdk/v3/python/toolchain, as the official host does), and
// generates Python programs, projects and SDKs with the engine's generator (pkg/v3/codegen/python).
package main

import (
	"pulumi-aws-proton/tools/internal/langhost"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is overridden at build time (-ldflags -X main.version=...) to the pinned Pulumi version.
var version = "3.248.0"

func main() {
	langhost.Serve("pulumi-language-python", func(engineAddress string) pulumirpc.LanguageRuntimeServer {
		return newHost(engineAddress)
	})
}
