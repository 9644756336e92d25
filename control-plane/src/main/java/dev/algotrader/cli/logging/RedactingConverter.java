package dev.algotrader.cli.logging;

import dev.algotrader.core.audit.Secrets;
import java.util.List;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;
import org.apache.logging.log4j.core.pattern.PatternParser;

/**
 * {@code %redact{pattern}}: renders {@code pattern} and masks it with {@link Secrets#process()}
 * (URI user-info, credential environment variables, registered secrets). Wrap the message and the
 * throwable in it ({@code %redact{%m%n%throwable}}) so that neither a logged URI nor an exception
 * message that quotes one reaches the file.
 */
@Plugin(name = "RedactingConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"redact"})
public final class RedactingConverter extends LogEventPatternConverter {

    private final List<PatternFormatter> formatters;
    private final boolean handlesThrowable;

    private RedactingConverter(List<PatternFormatter> formatters) {
        super("redact", null);
        this.formatters = formatters;
        this.handlesThrowable = formatters.stream().anyMatch(PatternFormatter::handlesThrowable);
    }

    /** Log4j's factory: {@code options[0]} is the pattern to render and mask. */
    public static RedactingConverter newInstance(Configuration config, String[] options) {
        String pattern = options == null || options.length == 0 ? "%m" : options[0];
        PatternParser parser = PatternLayout.createPatternParser(config);
        return new RedactingConverter(parser.parse(pattern));
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        StringBuilder buf = new StringBuilder(128);
        for (PatternFormatter f : formatters) f.format(event, buf);
        toAppendTo.append(Secrets.process().redact(buf.toString()));
    }

    @Override
    public boolean handlesThrowable() {
        return handlesThrowable;
    }
}
