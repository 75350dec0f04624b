# Runs one Pulumi Python program for pulumi-language-python (this repository's host; see main.go).
#
# The PyPI `pulumi` package has the runtime but no program runner: upstream's runner ships with the CLI
# archive, which we cannot download. This script does what the engine contract needs with the package's
# public runtime API: read the engine's flags and PULUMI_CONFIG*, configure the runtime, then run the
# program directory's __main__.py (or the given file) inside the root stack.
import argparse
import asyncio
import logging
import os
import runpy
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor

# The host maps this exit code to "error already shown": the engine prints nothing more.
BAIL = 32

try:
    import pulumi
    import pulumi.runtime
except ImportError:
    print(traceback.format_exc(), file=sys.stderr)
    print(
        "The pulumi package is not installed for this Python. Run `pulumi install` in the project "
        "(or pip install -r requirements.txt into the virtualenv Pulumi.yaml names).",
        file=sys.stderr,
    )
    sys.exit(1)


def main() -> int:
    ap = argparse.ArgumentParser()
    for flag in ("project", "root_directory", "stack", "parallel", "dry_run", "pwd", "monitor",
                 "engine", "tracing", "organization"):
        ap.add_argument("--" + flag)
    ap.add_argument("PROGRAM")
    ap.add_argument("ARGS", nargs="*")
    args = ap.parse_args()

    pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())
    parallel = int(args.parallel) if args.parallel else None
    pulumi.runtime.configure(
        pulumi.runtime.Settings(
            monitor=args.monitor,
            engine=args.engine,
            project=args.project,
            stack=args.stack,
            parallel=parallel,
            dry_run=args.dry_run == "true",
            organization=args.organization,
            root_directory=args.root_directory,
        )
    )

    if args.pwd:
        os.chdir(args.pwd)
    program = os.path.abspath(args.PROGRAM)
    if os.path.isdir(program) and not os.path.isfile(os.path.join(program, "__main__.py")):
        pulumi.log.error(f"unable to find main python program `__main__.py` in `{program}`")
        return BAIL
    sys.argv = [args.PROGRAM] + args.ARGS

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    # Blocking work the SDK hands to the default executor scales with the engine's parallelism.
    executor = ThreadPoolExecutor(max_workers=max(parallel or 1, 1) * 4)
    loop.set_default_executor(executor)
    # Futures left unobserved when a program fails are expected; asyncio's warnings about them are noise.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    try:
        loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: runpy.run_path(program, run_name="__main__")))
        return 0
    except pulumi.RunError as e:
        pulumi.log.error(str(e))
        return 1
    except Exception:  # noqa: BLE001 -- any failure of the program is reported the same way
        pulumi.log.error("Program failed with an unhandled exception:\n" + traceback.format_exc())
        return BAIL
    finally:
        executor.shutdown(wait=True)
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
