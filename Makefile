# Entry points for people and CI. `make test` and `make demo` work as the first command on a fresh clone:
# they install npm dependencies and build the pinned Pulumi engine (.pulumi.version) into .tools/bin first.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

PULUMI_VERSION := $(shell tr -d '[:space:]' < .pulumi.version)
JEST_RESULTS := .tmp/jest-results.json
WORKSPACE_MANIFESTS := package.json package-lock.json emulator/package.json provider/package.json sdk/nodejs/package.json

.PHONY: install pulumi build lint test demo clean clean-all

install: node_modules/.package-lock.json pulumi

# npm writes node_modules/.package-lock.json on every install, so it is older than the manifests exactly
# when node_modules is missing or stale.
node_modules/.package-lock.json: $(WORKSPACE_MANIFESTS)
	npm ci --no-audit --no-fund
	@touch $@

pulumi:
	@PULUMI_VERSION=$(PULUMI_VERSION) bash scripts/build-pulumi.sh

build: install
	npm run build

lint: node_modules/.package-lock.json
	npx eslint .
	npx prettier --check .

# Runs unit, integration and e2e suites, then always prints `N passed, N failed` as the last line.
test: build
	@mkdir -p .tmp && rm -f $(JEST_RESULTS)
	@status=0; npx jest --json --outputFile=$(JEST_RESULTS) || status=$$?; \
	  node scripts/test-summary.js $(JEST_RESULTS) || { [[ $$status -ne 0 ]] || status=1; }; \
	  exit $$status

demo: build
	@if [[ -f scripts/demo.sh ]]; then bash scripts/demo.sh; else echo "no demo yet: scripts/demo.sh is missing"; fi

# Removes build and test output; keeps node_modules and the engine in .tools (slow to rebuild).
clean:
	rm -rf .tmp coverage emulator/dist provider/dist sdk/nodejs/dist
	find . -name '*.tsbuildinfo' -not -path './node_modules/*' -delete

clean-all: clean
	rm -rf .tools node_modules
