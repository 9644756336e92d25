package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.cli.CliHarness;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * {@code maintain} refuses a bad VACUUM retention before it starts Spark, with a one-line error.
 */
class MaintainRetentionTest {

    @TempDir Path tmp;

    /**
     * The JVM's default Spark session before the command ran: other tests of the same Surefire JVM
     * may have left one, so "Spark did not start" is "the default session did not change".
     */
    private final Option<SparkSession> before = SparkSession.getDefaultSession();

    @Test
    void aRetentionUnderSevenDaysIsRefusedBeforeSparkStarts() {
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.run("maintain", "--retain", "1d")).isEqualTo(2);
        assertThat(cli.err())
                .contains("error: VACUUM retention 1d is under the safe minimum of 7 days")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(SparkSession.getDefaultSession()).isEqualTo(before);
        assertThat(cli.eventTypes()).contains("job.failed");
    }

    @Test
    void aRetentionThatIsNoDurationIsRefusedBeforeSparkStarts() {
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.run("maintain", "--retain", "a week")).isEqualTo(2);
        assertThat(cli.err())
                .contains("error: --retain 'a week' is not a duration")
                .doesNotContain("\tat ");
        assertThat(SparkSession.getDefaultSession()).isEqualTo(before);
    }

    @Test
    void aNegativeRetentionIsRefusedEvenWithForce() {
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.run("maintain", "--retain", "-1d", "--force")).isEqualTo(2);
        assertThat(cli.err()).contains("error: retention must not be negative");
        assertThat(SparkSession.getDefaultSession()).isEqualTo(before);
    }
}
