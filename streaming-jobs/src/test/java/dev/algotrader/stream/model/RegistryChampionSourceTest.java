package dev.algotrader.stream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The champion alias in the Researcher's local MLflow layout (the MLflow server: {@link
 * RegistryChampionSourceMlflowIT}, against the real one).
 */
class RegistryChampionSourceTest {

    @TempDir Path tmp;

    @Test
    void localStoreAliasResolvesToTheVersionAndItsRun() throws Exception {
        Path models = tmp.resolve("models/btc-usd_1m");
        Files.createDirectories(models.resolve("aliases"));
        Files.createDirectories(models.resolve("version-3"));
        Files.writeString(models.resolve("aliases/champion"), "3");
        Files.writeString(
                models.resolve("version-3/meta.yaml"),
                "creation_timestamp: 1\nname: btc-usd_1m\nrun_id: 0123abcd\nsource: file:///x\n"
                        + "version: 3\n");
        RegistryChampionSource src =
                new RegistryChampionSource(tmp.toString(), "btc-usd_1m", "champion");
        assertThat(src.champion()).contains(new ModelRef("btc-usd_1m", "3", "0123abcd"));
        assertThat(new RegistryChampionSource(tmp.toString(), "other", "champion").champion())
                .isEmpty();
    }
}
