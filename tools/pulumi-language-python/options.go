package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// parseOptions reads the `runtime.options` of Pulumi.yaml that this host understands: `virtualenv`
// (a directory relative to the project root; the default is the ambient python3) and `toolchain`
// (pip, the default, poetry or uv). Type checking before runs (`typechecker`) is not supported.
func parseOptions(root, programDir string, raw map[string]any) (toolchain.PythonOptions, error) {
	opts := toolchain.PythonOptions{Root: root, ProgramDir: programDir, Toolchain: toolchain.Pip}
	for key, value := range raw {
		switch key {
		case "virtualenv":
			s, ok := value.(string)
			if !ok {
				return opts, fmt.Errorf("runtime option virtualenv must be a string, got %v", value)
			}
			opts.Virtualenv = s
		case "toolchain":
			s, ok := value.(string)
			if !ok {
				return opts, fmt.Errorf("runtime option toolchain must be a string, got %v", value)
			}
			switch s {
			case "pip":
				opts.Toolchain = toolchain.Pip
			case "poetry":
				opts.Toolchain = toolchain.Poetry
			case "uv":
				opts.Toolchain = toolchain.Uv
			default:
				return opts, fmt.Errorf("runtime option toolchain must be pip, poetry or uv, got %q", s)
			}
		case "typechecker":
			return opts, fmt.Errorf("runtime option typechecker is not supported by this language host " +
				"(tools/pulumi-language-python): run mypy or pyright yourself")
		}
	}
	return opts, nil
}
