package main

import (
	"reflect"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

func TestRunnerArgs(t *testing.T) {
	req := &pulumirpc.RunRequest{
		MonitorAddress: "127.0.0.1:1",
		Organization:   "org",
		Project:        "proj",
		Stack:          "dev",
		DryRun:         true,
		Parallel:       16,
		Args:           []string{"--flag-for-program"},
		Info:           &pulumirpc.ProgramInfo{RootDirectory: "/p", ProgramDirectory: "/p/src", EntryPoint: "."},
	}

	got := runnerArgs(req, "127.0.0.1:2")

	want := []string{
		"--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2", "--organization", "org", "--project", "proj",
		"--stack", "dev", "--pwd", "/p/src", "--root_directory", "/p", "--dry_run", "true", "--parallel", "16",
		"--", ".", "--flag-for-program",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runnerArgs:\n got %q\nwant %q", got, want)
	}
}

func TestParseOptions(t *testing.T) {
	opts, err := parseOptions("/p", "/p", map[string]any{"virtualenv": "venv", "toolchain": "uv"})
	if err != nil {
		t.Fatal(err)
	}
	if opts.Virtualenv != "venv" || opts.Toolchain != toolchain.Uv {
		t.Errorf("got %+v", opts)
	}

	for _, bad := range []map[string]any{
		{"virtualenv": 3},
		{"toolchain": "conda"},
		{"typechecker": "mypy"},
	} {
		if _, err := parseOptions("/p", "/p", bad); err == nil {
			t.Errorf("options %v: want an error", bad)
		}
	}
}
