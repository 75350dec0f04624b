# Entry points for people and CI. `make test` and `make demo` work as the first command on a fresh clone:
# they install npm dependencies and build the pinned Pulumi engine (.pulumi.version) into .tools/bin first.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

PULUMI_VERSION := $(shell tr -d '[:space:]' < .pulumi.version)
JEST_RESULTS := .tmp/jest-results.json

.PHONY: install node-modules pulumi build lint test demo clean clean-all

install: node-modules pulumi model

# npm ci when node_modules is missing or was installed from another package-lock.json. The check is by
# content (a checksum kept in node_modules), because npm's own files get mtimes that would say "stale".
node-modules:
	@want=$$(cksum < package-lock.json); \
	if [[ ! -d node_modules || "$$(cat node_modules/.installed-lock 2>/dev/null)" != "$$want" ]]; then \
	  npm ci --no-audit --no-fund && echo "$$want" > node_modules/.installed-lock; fi

pulumi:
	@PULUMI_VERSION=$(PULUMI_VERSION) bash scripts/build-pulumi.sh

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

lint: node-modules
	npx tsc -p tsconfig.json --noEmit
	npx eslint .
	npx prettier --check .
	@if command -v go >/dev/null; then \
	  unformatted=$$(gofmt -l tools); [[ -z "$$unformatted" ]] || { echo "gofmt needed: $$unformatted"; exit 1; }; \
	  (cd tools/pulumi-language-nodejs && go vet ./...); fi

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
