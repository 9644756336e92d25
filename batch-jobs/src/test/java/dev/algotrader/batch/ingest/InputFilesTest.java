package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.algotrader.batch.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One clear line for each kind of bad input file, checked before Spark reads anything. */
class InputFilesTest {

    @TempDir Path dir;

    @Test
    void aDirectoryStandsForItsCsvFilesOrSaysItHasNone() throws Exception {
        Path withCsv = Files.createDirectory(dir.resolve("bars"));
        Files.writeString(withCsv.resolve("b.csv"), "ts,open\n");
        Files.writeString(withCsv.resolve("a.csv"), "ts,open\n");
        Files.writeString(withCsv.resolve("notes.txt"), "x");
        assertThat(InputFiles.expand(withCsv, SourceSpec.Type.CSV_BARS, "--path"))
                .containsExactly(withCsv.resolve("a.csv"), withCsv.resolve("b.csv"));

        Path noCsv = Files.createDirectory(dir.resolve("parquet"));
        Files.writeString(noCsv.resolve("part-0.parquet"), "PAR1");
        assertThatThrownBy(() -> InputFiles.expand(noCsv, SourceSpec.Type.CSV, "--path"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        "input "
                                + noCsv.toAbsolutePath()
                                + " is a directory without .csv files (it holds 1 other"
                                + " file(s), e.g. part-0.parquet): give a .csv file or a"
                                + " directory of them with --path");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> InputFiles.expand(empty, SourceSpec.Type.CSV, "--path"))
                .hasMessageContaining("is a directory without .csv files (it is empty)");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        Path f = dir.resolve("secret.csv");
        Files.writeString(f, "ts,open\n");
        // the message for the error Java reports on a file the user may not open
        assertThat(InputFiles.describe(f, new AccessDeniedException(f.toString())))
                .startsWith("cannot read " + f.toAbsolutePath() + ": permission denied for user ")
                .endsWith("(make it readable, e.g. chmod a+r " + f.toAbsolutePath() + ")")
                .doesNotContain(": " + f + ": " + f);
        // and on the real file system, where the user is not root (root reads anything)
        assumeFalse(
                "root".equals(System.getProperty("user.name")),
                "running as root: file permissions do not stop root from reading");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> InputFiles.requireText(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("permission denied");
    }

    @Test
    void binaryContentIsNotTakenForCsv() throws Exception {
        Path nul = dir.resolve("image.csv");
        Files.write(nul, new byte[] {'t', 's', 0, 1, 2});
        assertThatThrownBy(() -> InputFiles.requireText(nul))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        nul.toAbsolutePath()
                                + " does not look like a text CSV file (binary: a NUL byte at"
                                + " offset 2): give a UTF-8 CSV file");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "ts,prix\n1,2\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> InputFiles.requireText(latin1))
                .hasMessageContaining("does not look like a text CSV file (byte 0xE9 at offset 11")
                .hasMessageNotContaining("Input length");
        Path gz = dir.resolve("bars.csv.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("ts,open\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> InputFiles.requireText(gz))
                .hasMessage(
                        gz.toAbsolutePath()
                                + " is gzip-compressed, not a text CSV file: decompress it first"
                                + " (gunzip)");
        Path utf8 = dir.resolve("ok.csv");
        Files.writeString(utf8, "\uFEFFts,open\n1,2\u00e9\n");
        InputFiles.requireText(utf8);
    }

    @Test
    void aDelimiterMismatchNamesTheDelimiterToUse() {
        assertThatThrownBy(
                        () ->
                                InputFiles.requireDelimiter(
                                        "ts;open;high;low;close;volume",
                                        "1;2;3;1;2;5",
                                        ',',
                                        "/d/semi.csv",
                                        "file:semi.csv"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        "/d/semi.csv looks semicolon-separated (6 columns split by ';' in its"
                                + " first line) but the delimiter is ',': rerun with --delimiter"
                                + " ';'");
        assertThatThrownBy(
                        () ->
                                InputFiles.requireDelimiter(
                                        "ts\topen\tclose", "1\t2\t3", ',', "/d/t.tsv", "my-ex"))
                .hasMessage(
                        "/d/t.tsv looks tab-separated (3 columns split by tab in its first line)"
                                + " but the delimiter is ',': rerun with --delimiter tab or set"
                                + " delimiter = \"\\t\" in algotrader.ingest.sources.my-ex");
        // the right delimiter, or a one-column file, passes
        InputFiles.requireDelimiter("ts,open", "1,2", ',', "/d/ok.csv", "file:ok.csv");
        InputFiles.requireDelimiter("ts;open", "1;2", ';', "/d/ok.csv", "file:ok.csv");
        InputFiles.requireDelimiter("ts", "1", ',', "/d/one.csv", "file:one.csv");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(
                        () ->
                                InputFiles.expand(
                                        dir.resolve("nope.csv"), SourceSpec.Type.CSV, "--path"))
                .hasMessageContaining("does not exist");
    }
}
