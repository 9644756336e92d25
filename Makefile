# algo-trader: every target maps to one Maven goal or one CLI command.
# Quick start: `make demo` (whole pipeline on the real sample data), `make test` (the CI test run).
# The CLI targets pass ARGS on to the command, e.g. `make ingest ARGS="--source csv-bars --path f.csv"`.
SHELL := /bin/bash
MVN   ?= mvn -B -ntp
CLI   := bin/algo-trader
ENV   ?= local
ARGS  ?=

# `build` is the CLI jar: rebuilt only when a pom.xml, a main source or resource, or conf/ (packaged
# as the built-in defaults) is newer than it, so `make status` on an up-to-date tree runs at once.
MODULES   := shared-schemas kafka-broker trading-core lakehouse batch-jobs ml-jobs streaming-jobs control-plane
CLI_JAR   := control-plane/target/control-plane.jar
BUILD_SRC := pom.xml $(wildcard $(addsuffix /pom.xml,$(MODULES))) \
             $(shell find $(addsuffix /src/main,$(MODULES)) conf -type f 2>/dev/null)

.PHONY: help build demo test it bench format lint spark4-compile ingest features labels refresh train auto-train forecast \
        backtest paper-once paper-run status clean notebooks cluster-test bars-feed trading-sink bars-follow

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort
	@echo 'The CLI targets pass ARGS on, e.g. make train ARGS="--model rf"; bin/algo-trader COMMAND --help lists the options.'

build: $(CLI_JAR) ## compile and package every module (no tests); nothing to do when no source changed

$(CLI_JAR): $(BUILD_SRC)
	$(MVN) -q package -DskipTests -Dspotless.check.skip=true
	@touch $@

demo: build ## run the whole pipeline end to end on the embedded defaults and real sample data
	$(CLI) demo $(ARGS)

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
	$(CLI) bench $(ARGS)

format: ## google-java-format (AOSP) through Spotless
	$(MVN) -q spotless:apply

lint: ## check formatting
	$(MVN) -q spotless:check

ingest: build ## ingest the sample data into bronze/silver; other input: make ingest ARGS="--source csv-bars --path f.csv"
	$(CLI) ingest $(ARGS)

features: build ## compute silver/features
	$(CLI) features $(ARGS)

labels: build ## compute gold/labels
	$(CLI) labels $(ARGS)

refresh: build ## ingest, then the new features and labels, in one Spark application (ARGS as for make ingest)
	$(CLI) refresh $(ARGS)

train: build ## train one model with default parameters
	$(CLI) train $(ARGS)

auto-train: build ## search RF/GBT, then LSTM, attention and the ensemble; holdout board with baselines; promote if better
	$(CLI) auto-train $(ARGS)

forecast: build ## the sequence models (LSTM, attention) alone: walk-forward, holdout, promote if better
	$(CLI) forecast $(ARGS)

backtest: build ## backtest the champion (a line says so if none yet) and the baselines sma-cross, rsi-reversion; HTML report each
	$(CLI) backtest --strategy model --if-champion $(ARGS)
	$(CLI) backtest --strategy sma-cross $(ARGS)
	$(CLI) backtest --strategy rsi-reversion $(ARGS)

paper-once: build ## paper-trade what is new since the last run, then exit
	$(CLI) paper-once $(ARGS)

paper-run: build ## paper-trade the new bars, then each bar a later ingest adds, until `bin/algo-trader trader stop` or Ctrl-C
	$(CLI) paper-run --follow $(ARGS)

bars-feed: build ## publish the closed silver/bars bars to Kafka bars.<interval> (algotrader.kafka.bootstrap-servers)
	$(CLI) bars-feed $(ARGS)

bars-follow: build ## live ingest: poll SOURCE (coingecko|alpaca), land each closed bar in bronze/silver and publish it to Kafka bars.<interval>, until `bin/algo-trader ingest --follow-control stop` or SIGTERM
	$(CLI) ingest --follow --source $(or $(SOURCE),coingecko) $(ARGS)

trading-sink: build ## stream the trader's Kafka topics into trading/* (Spark Structured Streaming, exactly once) until stopped
	$(CLI) trading-sink $(ARGS)

status: build ## tables, versions, champion, trading state
	$(CLI) status $(ARGS)

notebooks: build ## export the tables to data/export and run the notebooks headless (HTML in data/export)
	scripts/run-notebooks.sh

# make cluster-test CLUSTER_IT=KafkaClusterIT runs only the Kafka part
CLUSTER_IT ?= ClusterIT,KafkaClusterIT
cluster-test: ## Spark standalone + Flink session cluster (+ a Kafka broker) on 127.0.0.1, submit the jobs, check tables and orders (slow)
	$(MVN) -q package -DskipTests -Dspotless.check.skip=true
	$(MVN) -q -f control-plane/src/test/flink-cluster/pom.xml dependency:build-classpath \
	  -DincludeScope=runtime -Dmdep.outputFile=$(CURDIR)/control-plane/target/flink-cluster.classpath
	$(MVN) -pl control-plane -am verify -Dit.test='$(CLUSTER_IT)' -Dfailsafe.failIfNoSpecifiedTests=false \
	  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dcontrol.it.excludedGroups=none -Dspotless.check.skip=true

.PHONY: paper-kafka
paper-kafka: build ## the Kafka path on an embedded broker: bars-feed → paper-run --source kafka → trading-sink --once → status (STRATEGY=sma-cross)
	STRATEGY=$(or $(STRATEGY),sma-cross) scripts/paper-kafka.sh

.PHONY: maintain bench-scale test-slow
test-slow: ## tests tagged slow (not in make test): any 2–5-file split of a trade file equals one file
	$(MVN) -pl batch-jobs -am verify -Dtest.excludedGroups='none()' -Dit.test='SplitTradeFilesIT' \
	  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false

maintain: build ## table care: OPTIMIZE (Z-order by symbol, ts) and VACUUM (7 days) every Delta table, files before/after
	$(CLI) maintain $(ARGS)

bench-scale: build ## ingest → features → labels → train → backtest on SYMBOLS × BARS synthetic bars (default 2 × 1M) + a one-day incremental run: wall, rows/s, peak RSS (slow, not in make test)
	SYMBOLS=$(or $(SYMBOLS),2) BARS=$(or $(BARS),1000000) scripts/bench-scale.sh

clean: ## remove build output and local data
	$(MVN) -q clean
	rm -rf data mlruns
