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
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is overridden at build time (-ldflags -X main.version=...) to the pinned Pulumi version.
var version = "3.248.0"

func main() {
	// The engine may pass logging and tracing flags ahead of its own address; accept and ignore them.
	// A private flag set, because dependencies (glog) register some of these names on the global one.
	flags := flag.NewFlagSet("pulumi-language-nodejs", flag.ExitOnError)
	flags.Bool("logtostderr", false, "accepted for engine compatibility")
	flags.Int("v", 0, "accepted for engine compatibility")
	flags.String("tracing", "", "accepted for engine compatibility")
	flags.String("root", "", "accepted for engine compatibility")
	flags.Bool("typescript", true, "accepted for engine compatibility")
	_ = flags.Parse(os.Args[1:])

	// The engine passes its own gRPC address as the last positional argument; the program logs through it.
	engineAddress := ""
	if args := flags.Args(); len(args) > 0 {
		engineAddress = args[len(args)-1]
	}

	host := newHost(engineAddress)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}

	// Plugins announce their port as the first line on stdout; the engine reads exactly that line.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}
