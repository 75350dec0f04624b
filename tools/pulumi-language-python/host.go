package main

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"pulumi-aws-proton/tools/internal/langhost"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// runner is the Python side of Run: it configures the pulumi package's runtime and runs the program.
//
//go:embed runner.py
var runner string

// pythonHost serves the LanguageRuntime calls the engine makes for deployments, dependency installs
// and code generation; the rest (packing, plugins written in Python, policy packs, templates) stay
// Unimplemented, which the engine reports as unsupported.
type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string
	programs      langhost.Programs
}

func newHost(engineAddress string) *pythonHost {
	return &pythonHost{engineAddress: engineAddress}
}

// Handshake is only used when the engine attaches to an already running host; the launch address wins.
func (h *pythonHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *pythonHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// Plugins are not derived from the program's packages: provider plugins are found on PATH or through
// Pulumi.yaml `plugins`, as for our Node.js programs.
func (h *pythonHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *pythonHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *pythonHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// toolchainFor resolves the program's Python (its virtualenv, or the ambient python3) from its options.
func toolchainFor(info *pulumirpc.ProgramInfo) (toolchain.Toolchain, toolchain.PythonOptions, error) {
	opts, err := parseOptions(info.GetRootDirectory(), info.GetProgramDirectory(), info.GetOptions().AsMap())
	if err != nil {
		return nil, opts, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	return tc, opts, err
}

func (h *pythonHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	tc, _, err := toolchainFor(req.GetInfo())
	if err != nil {
		return nil, err
	}
	info, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: info.PythonExecutable, Version: info.PythonVersion.String()}, nil
}

func (h *pythonHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	tc, _, err := toolchainFor(req.GetInfo())
	if err != nil {
		return nil, err
	}
	deps, err := tc.ListPackages(ctx, req.GetTransitiveDependencies())
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, d := range deps {
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: d.Name, Version: d.Version})
	}
	return resp, nil
}

// installedStamp, kept inside a pip virtualenv, records the requirements.txt last installed into it.
const installedStamp = ".pulumi-installed-requirements"

// InstallDependencies creates the program's virtualenv and installs requirements.txt into it (pip), or
// lets poetry or uv do their install. A pip virtualenv whose last install was of the same
// requirements.txt is left alone: pip would only upgrade itself and say everything is satisfied.
func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	info := req.GetInfo()
	tc, opts, err := toolchainFor(info)
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(stream, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()

	stamp, want := "", ""
	if opts.Toolchain == toolchain.Pip && opts.Virtualenv != "" {
		venv, err := tc.VirtualEnvPath(stream.Context())
		if err != nil {
			return err
		}
		stamp = filepath.Join(venv, installedStamp)
		want = requirementsDigest(info.GetProgramDirectory())
		if have, err := os.ReadFile(stamp); err == nil && toolchain.IsVirtualEnv(venv) && string(have) == want {
			fmt.Fprintf(stdout, "The virtualenv %s already has these requirements installed\n", venv)
			return closer.Close()
		}
	}

	if err := tc.InstallDependencies(stream.Context(), info.GetProgramDirectory(), req.GetUseLanguageVersionTools(),
		true /* show output */, stdout, stderr); err != nil {
		return err
	}
	if stamp != "" {
		if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil { //nolint:gosec // not secret
			return err
		}
	}
	return closer.Close()
}

// requirementsDigest identifies the program's requirements.txt (or its absence) by content.
func requirementsDigest(programDir string) string {
	b, err := os.ReadFile(filepath.Join(programDir, "requirements.txt"))
	if err != nil {
		return "none"
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Run executes the program once with the runner and maps its exit to the engine's conventions.
func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	tc, _, err := toolchainFor(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	// A missing virtualenv is a setup problem the user fixes with `pulumi install`; say so up front.
	if err := tc.ValidateVenv(ctx); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error() + " (run `pulumi install` to create it)"}, nil
	}
	env, err := langhost.ConfigEnv(req)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	cmd, err := tc.Command(ctx, append([]string{"-c", runner}, runnerArgs(req, h.engineAddress)...)...)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	cmd.Dir = programDirectory(req)
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	// Unbuffered, so that what the program prints interleaves with the engine's own output as it happens.
	cmd.Env = append(append(cmd.Env, env...), "PYTHONUNBUFFERED=1")
	return h.programs.Run(cmd), nil
}

func programDirectory(req *pulumirpc.RunRequest) string {
	if dir := req.GetInfo().GetProgramDirectory(); dir != "" {
		return dir
	}
	return req.GetPwd()
}

// runnerArgs are runner.py's flags: the names the PyPI package's own runner uses (underscores), then
// the entry point (a directory holding __main__.py, or a file) and the program's arguments.
func runnerArgs(req *pulumirpc.RunRequest, engineAddress string) []string {
	var args []string
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
	flag("pwd", programDirectory(req))
	flag("root_directory", req.GetInfo().GetRootDirectory())
	flag("dry_run", strconv.FormatBool(req.GetDryRun()))
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	entry := req.GetInfo().GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	// The runner's argparse would read a program argument that starts with "-" as its own flag.
	args = append(args, "--", entry)
	return append(args, req.GetArgs()...)
}

// Cancel interrupts programs still running so the engine's shutdown is not held up by them.
func (h *pythonHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.programs.Cancel()
	return &emptypb.Empty{}, nil
}
