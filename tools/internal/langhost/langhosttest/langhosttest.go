// Package langhosttest serves package schemas the way the engine does during code generation, so the
// language hosts' generators can be tested without the engine.
package langhosttest

import (
	_ "embed"
	"net"
	"testing"

	"pulumi-aws-proton/tools/internal/staticloader"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	codegenrpc "github.com/pulumi/pulumi/sdk/v3/proto/go/codegen"
	"google.golang.org/grpc"
)

// FixtureSchema is a small package (resource, object type, enum, function) with nodejs and python
// language settings.
//
//go:embed fixture.json
var FixtureSchema []byte

// FixtureProgram is a PCL program over the fixture package: config, a resource with an object and
// an enum input, a function call and outputs.
//
//go:embed program.pp
var FixtureProgram string

// Bind binds a schema document, failing the test on any error.
func Bind(t testing.TB, document []byte) *schema.Package {
	t.Helper()
	pkg, err := staticloader.Bind(document, nil)
	if err != nil {
		t.Fatalf("fixture schema: %v", err)
	}
	return pkg
}

// ServeLoader starts a schema loader gRPC server for the given packages and returns its address, as
// the engine passes it in code generation requests (loader_target). It stops when the test ends.
func ServeLoader(t testing.TB, pkgs ...*schema.Package) string {
	t.Helper()
	byName := staticloader.Packages{}
	for _, pkg := range pkgs {
		byName[pkg.Name] = pkg
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := grpc.NewServer()
	codegenrpc.RegisterLoaderServer(srv, schema.NewLoaderServer(byName))
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}
