package dev.algotrader.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command inherits. */
public final class GlobalOptions {

    @Option(
            names = "--env",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:ALGOTRADER_ENV:-local}",
            description =
                    "Configuration overlay: local, paper or live (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            description = "Extra HOCON file overriding conf/ (keys must exist in conf/base.conf).")
    Path configFile;

    @Option(
            names = "--conf-dir",
            scope = ScopeType.INHERIT,
            description =
                    "Folder holding base.conf and the overlays (default: $ALGOTRADER_CONF_DIR, else"
                            + " <home>/conf, else built-in); an error if it does not exist.")
    Path confDir;
}
