package dev.algotrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command line written in README.md and docs/readme/*.md (fenced code blocks and inline code)
 * that starts with {@code bin/algo-trader}, {@code algo-trader} or {@code make} names a command,
 * options and Make targets that exist. Concrete lines go through picocli's parser (no execution);
 * lines in usage notation ({@code [--full]}, {@code on|off}, {@code N}, {@code …}) are walked
 * against the same command model: each command word must be a subcommand and each option must be
 * one of that command's options.
 */
class DocumentedCommandsTest {

    /**
     * Documented options allowed although the CLI does not have them yet (none today: {@code trader
     * stop --reason} landed with the trader's crash-safety work, {@code paper-once --bars} left the
     * docs); an entry names a command and option, e.g. {@code "trader stop --reason"}.
     */
    private static final Set<String> NOT_YET_IMPLEMENTED = Set.of();

    private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern PLACEHOLDER_SYNTAX =
            Pattern.compile("[\\[\\]|<>…]|\\.\\.\\.|(^|\\s)[A-Z][A-Z_]+(\\s|$)");

    /** A command line and where it was written. */
    record DocLine(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    @Test
    void everyDocumentedCommandLineParses() throws Exception {
        Path root = repositoryRoot();
        List<DocLine> lines = documentedLines(root);
        Set<String> targets = makeTargets(root.resolve("Makefile"));
        List<String> problems = new ArrayList<>();
        int cli = 0, make = 0;
        for (DocLine d : lines) {
            List<String> words = words(d.text());
            if (words.isEmpty()) continue;
            String first = words.get(0);
            if (first.equals("make")) {
                make++;
                for (String t : words.subList(1, words.size())) {
                    if (t.contains("=") || t.startsWith("-")) continue;
                    if (!targets.contains(t)) problems.add(d + "  -> no Make target '" + t + "'");
                }
            } else {
                cli++;
                String problem = check(words.subList(1, words.size()));
                if (problem != null) problems.add(d + "  -> " + problem);
            }
        }
        assertThat(cli).as("algo-trader lines found").isGreaterThan(40);
        assertThat(make).as("make lines found").isGreaterThan(10);
        assertThat(problems).as("documented command lines that do not parse").isEmpty();
    }

    @Test
    void theCheckerCatchesWhatItMust() {
        assertThat(check(List.of("ingest", "--source", "csv-bars", "--path", "f.csv"))).isNull();
        assertThat(check(List.of("features", "[--full]"))).isNull();
        assertThat(check(List.of("trader", "pause|resume|stop|status"))).isNull();
        assertThat(check(List.of("--env", "paper", "status"))).isNull();
        assertThat(check(List.of("ingest", "--frobnicate"))).contains("--frobnicate");
        assertThat(check(List.of("ingset"))).contains("ingset");
        assertThat(check(List.of("trader", "pause|explode"))).contains("explode");
        assertThat(check(List.of("status", "[--jsn]"))).contains("--jsn");
        assertThat(check(List.of("kill-switch", "on|off", "[--reason", "TEXT]"))).isNull();
        assertThat(check(List.of("trader", "status|start", "[--require-running]")))
                .contains("--require-running")
                .contains("start");
        assertThat(words("ALGOTRADER_DATA_ROOT=/tmp/x bin/algo-trader status  # now"))
                .containsExactly("bin/algo-trader", "status");
        assertThat(words("make ingest ARGS=\"--source csv-bars --path f.csv\""))
                .containsExactly("make", "ingest", "ARGS=--source csv-bars --path f.csv");
    }

    /** The CLI's command model, built once (parseArgs resets it before each parse). */
    private static final CommandLine CLI = new CommandLine(new Main());

    /** Null when the arguments parse, else what is wrong. */
    static String check(List<String> args) {
        CommandLine cl = CLI;
        String line = String.join(" ", args);
        if (!PLACEHOLDER_SYNTAX.matcher(line).find()) {
            try {
                cl.parseArgs(args.toArray(String[]::new));
                return null;
            } catch (CommandLine.ParameterException e) {
                if (e instanceof CommandLine.UnmatchedArgumentException
                        || e.getMessage().startsWith("Unknown option")) {
                    return allowed(cl, args) ? null : e.getMessage();
                }
                // a missing parameter value is fine for a line that names a command and option
            }
        }
        return walk(cl.getCommandSpec(), args);
    }

    /**
     * The usage-notation check: command words and options against the command model. After {@code
     * a|b|c} in a command position, an option must exist on each of the alternatives.
     */
    private static String walk(CommandSpec spec, List<String> args) {
        List<CommandSpec> cur = List.of(spec);
        boolean afterPlaceholder = false;
        for (int i = 0; i < args.size(); i++) {
            String w = args.get(i).replaceAll("^\\[+|\\]+$", "").replaceAll("[.,;:]+$", "");
            if (w.isEmpty() || w.equals("…") || w.equals("...")) {
                afterPlaceholder = !cur.get(0).subcommands().isEmpty();
                continue;
            }
            if (w.startsWith("-")) {
                String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
                for (String alt : name.split("\\|")) {
                    if (alt.isEmpty()) continue;
                    for (CommandSpec c : cur) {
                        OptionSpec o = c.findOption(alt);
                        if (o == null && afterPlaceholder) o = anySubcommandOption(c, alt);
                        if (o == null && !allowed(c.qualifiedName() + " " + alt)) {
                            return "unknown option '" + alt + "' of '" + c.qualifiedName() + "'";
                        }
                    }
                }
                continue;
            }
            CommandSpec parent = cur.get(0);
            if (!parent.subcommands().isEmpty() && Character.isLowerCase(w.charAt(0))) {
                List<CommandSpec> next = new ArrayList<>();
                for (String a : w.split("\\|")) {
                    CommandLine sub = parent.subcommands().get(a);
                    if (sub == null) {
                        return "unknown command '" + a + "' of '" + parent.qualifiedName() + "'";
                    }
                    next.add(sub.getCommandSpec());
                }
                cur = next;
                afterPlaceholder = false;
            }
        }
        return null;
    }

    private static OptionSpec anySubcommandOption(CommandSpec spec, String name) {
        for (CommandLine sub : spec.subcommands().values()) {
            OptionSpec o = sub.getCommandSpec().findOption(name);
            if (o != null) return o;
        }
        return null;
    }

    private static boolean allowed(CommandLine unused, List<String> args) {
        String line = String.join(" ", args);
        return NOT_YET_IMPLEMENTED.stream().anyMatch(line::contains);
    }

    private static boolean allowed(String qualified) {
        String cmd = qualified.replaceFirst("^algo-trader ", "");
        return NOT_YET_IMPLEMENTED.contains(cmd);
    }

    /**
     * The words of a shell line up to a comment, pipe or redirection, without leading environment
     * assignments, with quotes removed; the first word is {@code bin/algo-trader}, {@code
     * algo-trader} or {@code make}.
     */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        String s = text.replace("\\|", "|");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else w.append(c);
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
                continue;
            }
            if (!inWord && c == '#') break;
            w.append(c);
            inWord = true;
        }
        if (inWord) out.add(w.toString());
        List<String> cut = new ArrayList<>();
        for (String t : out) {
            if (t.equals("|") || t.equals("&&") || t.equals(";") || t.startsWith(">")) break;
            cut.add(t);
        }
        while (!cut.isEmpty() && cut.get(0).matches("[A-Z_][A-Z0-9_]*=.*")) cut.remove(0);
        while (!cut.isEmpty() && cut.get(0).equals("$")) cut.remove(0);
        return cut;
    }

    /** Lines of README.md and docs/readme/*.md that start with a CLI or make command. */
    static List<DocLine> documentedLines(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.list(root.resolve("docs/readme"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<DocLine> out = new ArrayList<>();
        for (Path f : files) {
            String name = root.relativize(f).toString();
            List<String> lines = Files.readAllLines(f);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    String t = l.strip();
                    // a continued line (trailing backslash) is joined with the next
                    while (t.endsWith("\\") && i + 1 < lines.size()) {
                        t = t.substring(0, t.length() - 1) + " " + lines.get(++i).strip();
                    }
                    if (isCommand(t)) out.add(new DocLine(name, i + 1, t));
                    continue;
                }
                Matcher m = INLINE.matcher(l);
                while (m.find()) {
                    String t = m.group(1).strip();
                    if (isCommand(t)) out.add(new DocLine(name, i + 1, t));
                }
            }
        }
        return out;
    }

    private static boolean isCommand(String text) {
        List<String> w = words(text);
        if (w.isEmpty()) return false;
        String first = w.get(0);
        if (first.equals("make")) return w.size() > 1;
        if (!first.equals("bin/algo-trader") && !first.equals("algo-trader")) return false;
        // "algo-trader BTC/USD 1m" is an experiment name, not a command line
        return w.size() == 1
                || w.get(1).startsWith("-")
                || Character.isLowerCase(w.get(1).charAt(0));
    }

    /** The rule names of the Makefile. */
    static Set<String> makeTargets(Path makefile) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String l : Files.readAllLines(makefile)) {
            Matcher m = Pattern.compile("^([a-z0-9][a-z0-9-]*)\\s*:(?!=)").matcher(l);
            if (m.find()) out.add(m.group(1));
        }
        return out;
    }

    private static Path repositoryRoot() throws URISyntaxException {
        // control-plane/target/test-classes -> the checkout
        Path classes =
                Path.of(
                        DocumentedCommandsTest.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        Path root = classes.getParent().getParent().getParent();
        assertThat(root.resolve("README.md")).exists();
        return root;
    }
}
