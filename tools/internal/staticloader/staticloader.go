// Package staticloader is a schema loader over packages already in memory, for code generation
// without the engine (tools/gen-sdk) and for tests.
package staticloader

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// Packages maps package names to bound packages; versions are not checked. The empty map is a loader
// for schemas that reference no other package.
type Packages map[string]*schema.Package

var _ schema.ReferenceLoader = Packages(nil)

func (p Packages) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	return p.LoadPackageV2(context.Background(), &schema.PackageDescriptor{Name: name, Version: version})
}

func (p Packages) LoadPackageV2(ctx context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	ref, err := p.LoadPackageReferenceV2(ctx, d)
	if err != nil {
		return nil, err
	}
	return ref.Definition()
}

func (p Packages) LoadPackageReference(name string, version *semver.Version) (schema.PackageReference, error) {
	return p.LoadPackageReferenceV2(context.Background(), &schema.PackageDescriptor{Name: name, Version: version})
}

func (p Packages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	if pkg, ok := p[d.Name]; ok {
		return pkg.Reference(), nil
	}
	return nil, fmt.Errorf("package %q is not available here: only %v are", d.Name, p.names())
}

func (p Packages) names() []string {
	names := make([]string, 0, len(p))
	for name := range p {
		names = append(names, name)
	}
	return names
}

// Bind reads a schema document and binds it; it may reference the given packages.
func Bind(document []byte, others Packages) (*schema.Package, error) {
	var spec schema.PackageSpec
	if err := jsonUnmarshal(document, &spec); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, others, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("the schema has errors:\n%s", diags.Error())
	}
	return pkg, nil
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
