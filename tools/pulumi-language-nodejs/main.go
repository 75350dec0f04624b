// Command pulumi-language-nodejs is this repository's own Node.js language host for the Pulumi engine.
//
// Why we ship our own: the engine (module github.com/pulumi/pulumi/pkg/v3) and the SDK
// (github.com/pulumi/pulumi/sdk/v3) can be built from the Go module proxy, but the official host module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served for any version, and
// Pulumi's prebuilt release archives are out of reach of our build machines. The engine will not run a
// `runtime: nodejs` project without a host executable, and `--client` (attach to a running host) only
// exists for Automation API inline programs. So this small program implements the LanguageRuntime gRPC
// service well enough for up / preview / refresh / destroy / import / stack output, and starts programs
// with the @pulumi/pulumi run script installed beside them, following the contract of that script
// (flags and PULUMI_* environment variables) and of the engine (port on stdout, exit code 32 = bail).
// Code generation (pulumi import, convert, package gen-sdk) uses the engine's own TypeScript generator.
package main

import (
	"pulumi-aws-proton/tools/internal/langhost"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is overridden at build time (-ldflags -X main.version=...) to the pinned Pulumi version.
var version = "3.248.0"

func main() {
	langhost.Serve("pulumi-language-nodejs", func(engineAddress string) pulumirpc.LanguageRuntimeServer {
		return newHost(engineAddress)
	})
}
