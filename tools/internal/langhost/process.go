package langhost

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// ExitBail is the exit code with which the SDKs' program runners say "the error was already shown to
// the user": the engine should stop without printing another message.
const ExitBail = 32

// Programs runs program processes for Run and interrupts the ones still running on Cancel.
type Programs struct {
	mu      sync.Mutex
	running map[*os.Process]struct{}
}

// Run starts cmd, waits for it and maps how it ended to the engine's RunResponse conventions.
// Stdout and stderr go to the host's own, which the engine reads as the program's output.
func (p *Programs) Run(cmd *exec.Cmd) *pulumirpc.RunResponse {
	// If the engine abandons the call (cmd was made with a context), interrupt the program so its SDK
	// shuts down cleanly; WaitDelay bounds how long a stray grandchild holding our pipes can delay us.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	// Wrapping hides the *os.File, so Go copies through pipes: node (and some Python libraries) may
	// switch inherited descriptors to non-blocking mode, which would break the engine's reads of ours.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}

	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: "could not start " + cmd.Path + ": " + err.Error()}
	}
	p.track(cmd.Process, true)
	waitErr := cmd.Wait()
	p.track(cmd.Process, false)
	if errors.Is(waitErr, exec.ErrWaitDelay) && cmd.ProcessState.Success() {
		waitErr = nil // the program itself succeeded; only a leftover child kept the pipes open
	}
	return RunResponse(waitErr)
}

// Cancel interrupts programs still running so the engine's shutdown is not held up by them.
func (p *Programs) Cancel() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for proc := range p.running {
		_ = proc.Signal(syscall.SIGINT)
	}
}

func (p *Programs) track(proc *os.Process, add bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.running == nil {
		p.running = map[*os.Process]struct{}{}
	}
	if add {
		p.running[proc] = struct{}{}
	} else {
		delete(p.running, proc)
	}
}

// RunResponse maps how a program exited to what the engine expects: an error string, or Bail when
// the program has already reported its error.
func RunResponse(waitErr error) *pulumirpc.RunResponse {
	if waitErr == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if !errors.As(waitErr, &exitErr) {
		return &pulumirpc.RunResponse{Error: "problem executing program: " + waitErr.Error()}
	}
	switch code := exitErr.ExitCode(); code {
	case ExitBail:
		return &pulumirpc.RunResponse{Bail: true}
	case -1:
		return &pulumirpc.RunResponse{Error: "program terminated: " + exitErr.String()}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", code)}
	}
}

// ConfigEnv is the stack configuration in the environment variables every Pulumi SDK reads at start.
func ConfigEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	configJSON, err := jsonString(config)
	if err != nil {
		return nil, fmt.Errorf("serializing config: %w", err)
	}
	keysJSON, err := jsonString(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("serializing secret config keys: %w", err)
	}
	return []string{"PULUMI_CONFIG=" + configJSON, "PULUMI_CONFIG_SECRET_KEYS=" + keysJSON}, nil
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
