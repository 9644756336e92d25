package dev.algotrader.core.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a binary (UP vs not-UP) tree ensemble exported from Spark MLlib without Spark: the trees
 * are flattened into node arrays and evaluated exactly as MLlib does, so probabilities agree with
 * Spark's {@code transform} to floating-point rounding.
 *
 * <p>Semantics, mirroring MLlib 3.5:
 *
 * <ul>
 *   <li>Split: a row goes left when {@code x[feature] <= threshold} (MLlib {@code
 *       ContinuousSplit}); categorical splits are not exported.
 *   <li>{@link Kind#GBT}: margin {@code m = Σ weight_t · leafValue_t}; MLlib's raw prediction is
 *       {@code [-m, m]} and the logistic loss maps it to {@code P(UP) = 1 - 1/(1 + exp(2m))}.
 *   <li>{@link Kind#RF}: each tree votes its leaf's class counts divided by their total; the votes
 *       are summed over trees and normalised by their sum ({@code
 *       normalizeToProbabilitiesInPlace}).
 * </ul>
 *
 * <p>JSON form ({@code format = "algotrader.tree-ensemble/1"}): {@code kind}, {@code model_name},
 * {@code run_id}, {@code feature_set {name, version, feature_names}}, {@code trees [ {weight,
 * feature[], threshold[], left[], right[], value[], count0[], count1[]} ]} where node 0 is the root
 * and {@code feature[i] = -1} marks a leaf.
 */
public final class TreeEnsembleScorer implements Scorer {

    /** The artifact format identifier written into every export. */
    public static final String FORMAT = "algotrader.tree-ensemble/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ensemble family, which fixes how leaf outputs become a probability. */
    public enum Kind {
        RF,
        GBT
    }

    /**
     * One tree as parallel node arrays; node 0 is the root; {@code feature[i] < 0} marks a leaf.
     * GBT leaves use {@code value}; RF leaves use {@code count0}/{@code count1}.
     */
    public record Tree(
            double weight,
            int[] feature,
            double[] threshold,
            int[] left,
            int[] right,
            double[] value,
            double[] count0,
            double[] count1) {

        int leaf(double[] x) {
            int n = 0;
            while (feature[n] >= 0) {
                n = x[feature[n]] <= threshold[n] ? left[n] : right[n];
            }
            return n;
        }

        /** Number of nodes. */
        public int size() {
            return feature.length;
        }
    }

    private final Kind kind;
    private final String modelName;
    private final String modelVersion;
    private final String runId;
    private final FeatureSetSpec featureSet;
    private final Tree[] trees;

    public TreeEnsembleScorer(
            Kind kind,
            String modelName,
            String modelVersion,
            String runId,
            FeatureSetSpec featureSet,
            List<Tree> trees) {
        if (trees.isEmpty()) throw new IllegalArgumentException("a tree ensemble needs trees");
        this.kind = kind;
        this.modelName = modelName;
        this.modelVersion = modelVersion;
        this.runId = runId;
        this.featureSet = featureSet;
        this.trees = trees.toArray(new Tree[0]);
    }

    public Kind kind() {
        return kind;
    }

    public String runId() {
        return runId;
    }

    public List<Tree> trees() {
        return List.of(trees);
    }

    /** The same ensemble under another registered version (set once the registry assigns it). */
    public TreeEnsembleScorer withVersion(String version) {
        return new TreeEnsembleScorer(kind, modelName, version, runId, featureSet, List.of(trees));
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public FeatureSetSpec featureSet() {
        return featureSet;
    }

    @Override
    public double probabilityUp(List<FeatureRow> window) {
        FeatureRow row = window.get(window.size() - 1);
        checkFeatureSet(row);
        return probabilityUp(row.values());
    }

    /** P(UP) for raw feature values in the feature set's column order (no set check). */
    public double probabilityUp(double[] x) {
        if (kind == Kind.GBT) {
            double margin = 0;
            for (Tree t : trees) margin += t.value[t.leaf(x)] * t.weight;
            double p0 = 1.0 / (1.0 + Math.exp(2.0 * margin));
            return 1.0 - p0;
        }
        double v0 = 0;
        double v1 = 0;
        for (Tree t : trees) {
            int n = t.leaf(x);
            double total = t.count0[n] + t.count1[n];
            if (total != 0) {
                v0 += t.count0[n] / total;
                v1 += t.count1[n] / total;
            }
        }
        double sum = v0 + v1;
        return sum == 0 ? 0.5 : v1 / sum;
    }

    /** Serialises to the JSON artifact form (see class comment). */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", kind.name());
        root.put("model_name", modelName);
        root.put("run_id", runId);
        ObjectNode fs = root.putObject("feature_set");
        fs.put("name", featureSet.name());
        fs.put("version", featureSet.version());
        fs.put("id", featureSet.id());
        ArrayNode names = fs.putArray("feature_names");
        featureSet.featureNames().forEach(names::add);
        ArrayNode ts = root.putArray("trees");
        for (Tree t : trees) {
            ObjectNode o = ts.addObject();
            o.put("weight", t.weight);
            ArrayNode f = o.putArray("feature");
            for (int v : t.feature) f.add(v);
            ArrayNode th = o.putArray("threshold");
            for (double v : t.threshold) th.add(v);
            ArrayNode l = o.putArray("left");
            for (int v : t.left) l.add(v);
            ArrayNode r = o.putArray("right");
            for (int v : t.right) r.add(v);
            ArrayNode val = o.putArray("value");
            for (double v : t.value) val.add(v);
            ArrayNode c0 = o.putArray("count0");
            for (double v : t.count0) c0.add(v);
            ArrayNode c1 = o.putArray("count1");
            for (double v : t.count1) c1.add(v);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the JSON artifact form; {@code version} is the registry version it is served as. */
    public static TreeEnsembleScorer fromJson(String json, String version) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "portable model is not valid JSON: " + e.getMessage());
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(
                    "not a portable tree ensemble (format '"
                            + root.path("format").asText()
                            + "', expected "
                            + FORMAT
                            + ")");
        }
        JsonNode fs = root.get("feature_set");
        List<String> names = new ArrayList<>();
        fs.get("feature_names").forEach(n -> names.add(n.asText()));
        FeatureSetSpec spec =
                new FeatureSetSpec(fs.get("name").asText(), fs.get("version").asInt(), names);
        List<Tree> trees = new ArrayList<>();
        for (JsonNode t : root.get("trees")) {
            trees.add(
                    new Tree(
                            t.get("weight").asDouble(),
                            ints(t.get("feature")),
                            doubles(t.get("threshold")),
                            ints(t.get("left")),
                            ints(t.get("right")),
                            doubles(t.get("value")),
                            doubles(t.get("count0")),
                            doubles(t.get("count1"))));
        }
        return new TreeEnsembleScorer(
                Kind.valueOf(root.get("kind").asText()),
                root.get("model_name").asText(),
                version,
                root.path("run_id").asText(""),
                spec,
                trees);
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }
}
