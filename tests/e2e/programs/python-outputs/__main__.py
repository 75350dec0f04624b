"""Reports what the language host handed to the program, so the e2e suite can check the contract."""

import os
import sys

import pulumi

config = pulumi.Config()

exit_with = config.get_int("exitWith")
if exit_with is not None:
    sys.exit(exit_with)
if config.get_bool("raise"):
    raise RuntimeError("the program was asked to fail")

pulumi.export("project", pulumi.get_project())
pulumi.export("stack", pulumi.get_stack())
pulumi.export("organization", pulumi.get_organization())
pulumi.export("rootDirectory", pulumi.get_root_directory())
pulumi.export("workingDirectory", os.getcwd())
pulumi.export("dryRun", pulumi.runtime.is_dry_run())
here = os.path.dirname(os.path.realpath(__file__))
pulumi.export("inVirtualenv", os.path.realpath(sys.prefix) == os.path.join(here, "venv"))
pulumi.export("plain", config.require("plain"))
pulumi.export("token", config.require_secret("token"))
pulumi.export("greeting", pulumi.Output.from_input("hello").apply(lambda s: s + " from python"))
