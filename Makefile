# algo-trader: every target maps to one Maven goal or one CLI command.
# Quick start: `make demo` (whole pipeline on the real sample data), `make test` (the CI test run).
SHELL := /bin/bash
MVN   ?= mvn -B -ntp
CLI   := bin/algo-trader
ENV   ?= local

.PHONY: help build demo test it bench format lint spark4-compile ingest features labels train auto-train \
        backtest paper-once paper-run status clean notebooks cluster-test

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

build: ## compile and package every module (no tests)
	$(MVN) -q package -DskipTests -Dspotless.check.skip=true

demo: build ## run the whole pipeline end to end on the embedded defaults and real sample data
	$(CLI) demo

test: ## the CI test run: format check, unit + integration tests, spark4 compile
	scripts/install-test-deps.sh
	$(MVN) spotless:check
	$(MVN) verify
	$(MAKE) spark4-compile

it: ## integration tests only (Failsafe *IT)
	$(MVN) verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false

spark4-compile: ## the Spark 4.1 / Scala 2.13 line compiles the same main sources
	$(MVN) -q -Pspark4 clean compile -Dspotless.check.skip=true

bench: build ## throughput figures, each as a ratio against a baseline measured in the same run
	$(CLI) bench

format: ## google-java-format (AOSP) through Spotless
	$(MVN) -q spotless:apply

lint: ## check formatting
	$(MVN) -q spotless:check

ingest: build ## ingest the sample data (or --source/--path) into bronze/silver
	$(CLI) ingest

features: build ## compute silver/features
	$(CLI) features

labels: build ## compute gold/labels
	$(CLI) labels

train: build ## train one model with default parameters
	$(CLI) train

auto-train: build ## search RF/GBT, then LSTM, attention and the ensemble; holdout board with baselines; promote if better
	$(CLI) auto-train

backtest: build ## backtest the champion and the baselines on the sample data, HTML report
	$(CLI) backtest

paper-once: build ## paper-trade what is new since the last run, then exit
	$(CLI) paper-once

paper-run: build ## paper-trade continuously
	$(CLI) paper-run

status: build ## tables, versions, champion, trading state
	$(CLI) status

notebooks: build ## export the tables to data/export and run the notebooks headless (HTML in data/export)
	scripts/run-notebooks.sh

cluster-test: ## Spark standalone + Flink session cluster on 127.0.0.1, submit the jobs, check tables and orders (slow)
	$(MVN) -q package -DskipTests -Dspotless.check.skip=true
	$(MVN) -q -f control-plane/src/test/flink-cluster/pom.xml dependency:build-classpath \
	  -DincludeScope=runtime -Dmdep.outputFile=$(CURDIR)/control-plane/target/flink-cluster.classpath
	$(MVN) -pl control-plane -am verify -Dit.test=ClusterIT -Dfailsafe.failIfNoSpecifiedTests=false \
	  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dcontrol.it.excludedGroups=none -Dspotless.check.skip=true

clean: ## remove build output and local data
	$(MVN) -q clean
	rm -rf data mlruns
