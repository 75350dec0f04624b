// Package langhost holds what this repository's language hosts (pulumi-language-nodejs and
// pulumi-language-python) share: the plugin start-up contract, program processes and the code
// generation glue around the engine's own generators.
package langhost

import (
	"flag"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// Serve starts a LanguageRuntime gRPC server the way the engine launches plugins: it prints the port
// as the first line on stdout and serves until the engine goes away. newHost receives the engine's
// address (the last positional argument), through which programs log.
func Serve(name string, newHost func(engineAddress string) pulumirpc.LanguageRuntimeServer) {
	// The engine may pass logging and tracing flags ahead of its own address; accept and ignore them.
	// A private flag set, because dependencies (glog) register some of these names on the global one.
	flags := flag.NewFlagSet(name, flag.ExitOnError)
	flags.Bool("logtostderr", false, "accepted for engine compatibility")
	flags.Int("v", 0, "accepted for engine compatibility")
	flags.String("tracing", "", "accepted for engine compatibility")
	flags.String("root", "", "accepted for engine compatibility")
	flags.Bool("typescript", true, "accepted for engine compatibility")
	_ = flags.Parse(os.Args[1:])

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
		fmt.Fprintf(os.Stderr, "%s: could not start the gRPC server: %v\n", name, err)
		os.Exit(1)
	}

	// Plugins announce their port as the first line on stdout; the engine reads exactly that line.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "%s: gRPC server stopped: %v\n", name, err)
		os.Exit(1)
	}
}
