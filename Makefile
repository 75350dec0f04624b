# Entry points for people and CI. `make test` and `make demo` work as the first command on a fresh clone:
# they install npm dependencies and build the pinned Pulumi engine (.pulumi.version) into .tools/bin first.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

PULUMI_VERSION := $(shell tr -d '[:space:]' < .pulumi.version)
JEST_RESULTS := .tmp/jest-results.json

.PHONY: install node-modules pulumi codegen codegen-check gen-sdks check-sdks verify-sdks build plugin lint test \
	test-tools demo clean clean-all

install: node-modules pulumi model

# npm ci when node_modules is missing or was installed from another package-lock.json. The check is by
# content (a checksum kept in node_modules), because npm's own files get mtimes that would say "stale".
node-modules:
	@want=$$(cksum < package-lock.json); \
	if [[ ! -d node_modules || "$$(cat node_modules/.installed-lock 2>/dev/null)" != "$$want" ]]; then \
	  npm ci --no-audit --no-fund && echo "$$want" > node_modules/.installed-lock; fi

pulumi:
	@PULUMI_VERSION=$(PULUMI_VERSION) bash scripts/build-pulumi.sh
	@PULUMI_VERSION=$(PULUMI_VERSION) bash scripts/build-pulumi-yaml.sh

# Everything generated (committed, marked generated; CI checks it is current): from schema.json the Node
# SDK classes, the provider's schema tables, docs/reference.md and the README's index (scripts/codegen),
# and the Python, Go and .NET SDKs (tools/gen-sdk).
GENERATED := sdk/nodejs/src/generated sdk/nodejs/src/plugin/generated provider/src/generated README.md \
	docs/reference.md sdk/python sdk/go sdk/dotnet emulator/src/model/proton.generated.json
codegen: node-modules gen-sdks
	npx ts-node --transpile-only scripts/codegen/index.ts

# Fails when `make codegen` changes a generated file (run on a clean checkout by .ci/run).
codegen-check: codegen
	@changed=$$(git status --porcelain --untracked-files=all -- $(GENERATED)); \
	if [[ -n "$$changed" ]]; then echo "make codegen changed generated files:"; echo "$$changed"; exit 1; fi

# AWS's Proton model (botocore, pinned by hash in scripts/model/requirements.txt) into .tools/model; needs
# python3 + pip the first time, skipped once present. The emulator's committed table is derived from it.
.PHONY: model codegen-model codegen
model:
	@bash scripts/model/fetch.sh

codegen-model: model node-modules
	npx ts-node --transpile-only scripts/model/generate.ts

codegen: codegen-model

build: install
	npm run build

# The provider plugin pulumi-resource-proton (built by `build` into sdk/nodejs/dist/plugin-server.js),
# installed where the engine finds it: .tools/bin and the plugin cache of $$PULUMI_HOME (~/.pulumi).
plugin: build
	@bash scripts/install-plugin.sh

# Python, Go and .NET SDKs (sdk/python, sdk/go, sdk/dotnet) generated from schema.json by tools/gen-sdk.
gen-sdks:
	@PULUMI_VERSION=$(PULUMI_VERSION) bash scripts/gen-sdks.sh

# Fails (listing the files) when the committed SDKs are not what gen-sdks would write now.
check-sdks:
	@PULUMI_VERSION=$(PULUMI_VERSION) bash scripts/check-sdks.sh

# Builds the generated SDKs with their toolchains (Go, Python; .NET where dotnet is installed).
verify-sdks:
	@bash scripts/verify-sdks.sh

# Go unit tests of our tools (language hosts' code generation, gen-sdk).
test-tools:
	cd tools && go test ./...
	cd tools/gen-sdk && go test ./...

lint: node-modules
	npx tsc -p tsconfig.json --noEmit
	npx eslint .
	npx prettier --check .
	@if command -v go >/dev/null; then \
	  unformatted=$$(gofmt -l tools); [[ -z "$$unformatted" ]] || { echo "gofmt needed: $$unformatted"; exit 1; }; \
	  (cd tools && go vet ./...) && (cd tools/gen-sdk && go vet ./...); fi

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
