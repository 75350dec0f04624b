package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"pulumi-aws-proton/tools/internal/langhost"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// runScriptEnv overrides where the @pulumi/pulumi run script is (same variable as the official host).
const runScriptEnv = "PULUMI_LANGUAGE_NODEJS_RUN_PATH"

// invocation is everything needed to start one program run: node arguments, extra environment and cwd.
type invocation struct {
	args []string
	env  []string
	dir  string
}

// runOptions are the `runtime.options` of Pulumi.yaml that affect how the program is started.
type runOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(raw map[string]any) (runOptions, error) {
	opts := runOptions{typescript: true}
	if v, ok := raw["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, fmt.Errorf("runtime option typescript must be a boolean, got %v", v)
		}
		opts.typescript = b
	}
	if v, ok := raw["tsconfig"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option tsconfig must be a string, got %v", v)
		}
		opts.tsconfig = s
	}
	if v, ok := raw["nodeargs"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option nodeargs must be a string, got %v", v)
		}
		// Whitespace splitting is enough for flags such as --max-old-space-size=4096; quoting is not supported.
		opts.nodeargs = strings.Fields(s)
	}
	return opts, nil
}

// newInvocation translates a RunRequest into the command line and environment the run script reads
// (see @pulumi/pulumi/cmd/run: minimist flags, then PULUMI_CONFIG* and PULUMI_NODEJS_* variables).
func newInvocation(req *pulumirpc.RunRequest, engineAddress string) (invocation, error) {
	info := req.GetInfo()
	dir := info.GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = req.GetProgram() //nolint:staticcheck // engines before ProgramInfo only send Program
	}
	if entry == "" {
		entry = "."
	}

	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return invocation{}, err
	}
	runScript, err := findRunScript(dir)
	if err != nil {
		return invocation{}, err
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runScript)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", dir)
	flag("root-directory", info.GetRootDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	env, err := langhost.ConfigEnv(req)
	if err != nil {
		return invocation{}, err
	}
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	return invocation{args: args, env: env, dir: dir}, nil
}

// findRunScript locates @pulumi/pulumi/cmd/run the way Node's require would from the program directory,
// so the program and the run script share one copy of @pulumi/pulumi (its runtime state is per copy).
func findRunScript(programDir string) (string, error) {
	if override := os.Getenv(runScriptEnv); override != "" {
		return override, nil
	}
	abs, err := filepath.Abs(programDir)
	if err != nil {
		return "", err
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		candidate := filepath.Join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run")
		if _, err := os.Stat(filepath.Join(candidate, "index.js")); err == nil {
			return candidate, nil
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return "", fmt.Errorf(
		"could not find @pulumi/pulumi from %s: install the program's dependencies (npm install)", abs)
}
