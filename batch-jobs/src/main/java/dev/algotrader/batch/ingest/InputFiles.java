package dev.algotrader.batch.ingest;

import dev.algotrader.batch.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Checks of an input file before it is read, each failing with one line that says what is wrong and
 * what to do: a missing file, a directory (its CSV or JSON files are read instead), a file the user
 * may not read, binary or non-UTF-8 content, and a CSV whose header is split by another delimiter
 * than the configured one.
 */
final class InputFiles {

    /** Bytes looked at to tell text from binary. */
    private static final int SNIFF = 64 * 1024;

    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    private InputFiles() {}

    /**
     * The files {@code p} stands for: itself, or the {@code .csv} (or, for ta4j JSON, {@code
     * .json}) files directly inside a directory, sorted by name.
     */
    static List<Path> expand(Path p, SourceSpec.Type type, String source) {
        if (!Files.exists(p)) {
            throw new BadInputException(
                    "input file " + p.toAbsolutePath() + " does not exist (source " + source + ")");
        }
        if (!Files.isDirectory(p)) return List.of(p);
        String ext = type == SourceSpec.Type.TA4J_JSON ? ".json" : ".csv";
        List<Path> files = filesIn(p, ext);
        if (files.isEmpty()) {
            List<Path> other = filesIn(p, "");
            throw new BadInputException(
                    "input "
                            + p.toAbsolutePath()
                            + " is a directory without "
                            + ext
                            + " files"
                            + (other.isEmpty()
                                    ? " (it is empty)"
                                    : " (it holds "
                                            + other.size()
                                            + " other file(s), e.g. "
                                            + other.get(0).getFileName()
                                            + ")")
                            + ": give a "
                            + ext
                            + " file or a directory of them with --path");
        }
        return files;
    }

    /** Regular files directly in {@code dir} whose name ends with {@code ext}, sorted. */
    static List<Path> filesIn(Path dir, String ext) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(describe(dir, e), e);
        }
    }

    /** One line for an I/O failure on {@code p} (permission, missing, other). */
    static String describe(Path p, IOException e) {
        String file = p.toAbsolutePath().toString();
        if (e instanceof AccessDeniedException) {
            return "cannot read "
                    + file
                    + ": permission denied for user "
                    + System.getProperty("user.name")
                    + " (make it readable, e.g. chmod a+r "
                    + file
                    + ")";
        }
        if (e instanceof NoSuchFileException) return "input file " + file + " does not exist";
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (why.equals(file) || why.equals(p.toString())) why = e.getClass().getSimpleName();
        return "cannot read " + file + ": " + why;
    }

    /** Fails with "permission denied" when the user may not read {@code p}. */
    static void requireReadable(Path p) {
        if (!Files.isReadable(p)) {
            throw new BadInputException(describe(p, new AccessDeniedException(p.toString())));
        }
    }

    /**
     * Fails unless {@code p} is readable UTF-8 text: names compressed archives and Parquet, a NUL
     * byte or the first byte that is not UTF-8.
     */
    static void requireText(Path p) {
        requireReadable(p);
        byte[] head;
        try (InputStream in = Files.newInputStream(p)) {
            head = in.readNBytes(SNIFF);
        } catch (IOException e) {
            throw new BadInputException(describe(p, e), e);
        }
        String file = p.toAbsolutePath().toString();
        String kind = magic(head);
        if (kind != null) {
            throw new BadInputException(
                    file + " is " + kind + ", not a text CSV file: " + hint(kind));
        }
        for (int i = 0; i < head.length; i++) {
            if (head[i] == 0) {
                throw new BadInputException(
                        file
                                + " does not look like a text CSV file (binary: a NUL byte at"
                                + " offset "
                                + i
                                + "): give a UTF-8 CSV file");
            }
        }
        CharsetDecoder utf8 =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head);
        CoderResult r = utf8.decode(in, CharBuffer.allocate(head.length), head.length < SNIFF);
        if (r.isError()) {
            int at = in.position();
            throw new BadInputException(
                    String.format(
                            Locale.ROOT,
                            "%s does not look like a text CSV file (byte 0x%02X at offset %d is not"
                                    + " UTF-8): give a UTF-8 CSV file (convert it, e.g. iconv -f"
                                    + " LATIN1 -t UTF-8)",
                            file,
                            head[at] & 0xff,
                            at));
        }
    }

    private static String magic(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b)
            return "gzip-compressed";
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
            return "a zip archive";
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'A' && b[2] == 'R' && b[3] == '1') {
            return "a Parquet file";
        }
        return null;
    }

    private static String hint(String kind) {
        return switch (kind) {
            case "gzip-compressed" -> "decompress it first (gunzip)";
            case "a zip archive" -> "unzip it and give the CSV file(s) inside";
            default -> "export it as CSV first";
        };
    }

    /**
     * Fails when {@code firstLine} is one field with {@code delimiter} but splits into several with
     * another common delimiter, naming that delimiter and how to set it.
     */
    static void requireDelimiter(
            String firstLine, String secondLine, char delimiter, String file, String source) {
        if (firstLine == null || CsvLineParser.split(firstLine, delimiter).length > 1) return;
        for (char d : DELIMITERS) {
            if (d == delimiter) continue;
            int n = CsvLineParser.split(firstLine, d).length;
            if (n < 2) continue;
            if (secondLine != null && CsvLineParser.split(secondLine, d).length != n) continue;
            throw new BadInputException(
                    file
                            + " looks "
                            + name(d)
                            + "-separated ("
                            + n
                            + " columns split by "
                            + shown(d)
                            + " in its first line) but the delimiter is "
                            + shown(delimiter)
                            + ": rerun with --delimiter "
                            + (d == '\t' ? "tab" : "'" + d + "'")
                            + (source.startsWith("file:")
                                    ? ""
                                    : " or set delimiter = \""
                                            + (d == '\t' ? "\\t" : String.valueOf(d))
                                            + "\" in algotrader.ingest.sources."
                                            + source));
        }
    }

    private static String name(char d) {
        return switch (d) {
            case ';' -> "semicolon";
            case '\t' -> "tab";
            case '|' -> "pipe";
            default -> "comma";
        };
    }

    private static String shown(char d) {
        return d == '\t' ? "tab" : "'" + d + "'";
    }
}
