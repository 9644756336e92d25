package dev.algotrader.lake;

import java.net.URL;
import java.util.function.Supplier;

/**
 * Runs Kernel work without Hadoop's XML configuration files. Parquet's reader builder makes a
 * {@code new Configuration()} for every file it opens, and each such configuration looks up {@code
 * core-default.xml} and {@code core-site.xml} through the context class loader: a search through
 * every jar of the class path (about 240 for the CLI) and an XML parse, per file. That was a third
 * of the CPU of {@code status}. The engine's own configuration already loads no XML (the local file
 * system and Kernel's settings need none, and the platform ships no {@code *-site.xml}), so hiding
 * the files changes no setting that is used.
 */
final class HadoopXml {

    /** Delegates every class and resource to its parent, except Hadoop's XML resources. */
    private static final class Hiding extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        Hiding(ClassLoader parent) {
            super(parent);
        }

        @Override
        public URL getResource(String name) {
            return isHadoopXml(name) ? null : super.getResource(name);
        }
    }

    private static final ClassLoader HIDING = new Hiding(HadoopXml.class.getClassLoader());

    private HadoopXml() {}

    /** {@code core-default.xml}, {@code core-site.xml}, {@code mapred-site.xml}, … */
    static boolean isHadoopXml(String name) {
        return name.indexOf('/') < 0
                && (name.endsWith("-default.xml") || name.endsWith("-site.xml"));
    }

    /** Runs {@code work} with the hiding class loader as the thread's context class loader. */
    static <T> T hidden(Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        if (before == HIDING) return work.get();
        t.setContextClassLoader(HIDING);
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** As {@link #hidden(Supplier)} for work without a result. */
    static void hidden(Runnable work) {
        hidden(
                () -> {
                    work.run();
                    return null;
                });
    }
}
