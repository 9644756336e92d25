package dev.algotrader.ml.model;

import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;

/**
 * Builds the MLlib pipelines (VectorAssembler → classifier; trees need no scaling) and the search
 * spaces. Every random draw of the classifiers takes the given seed.
 */
public final class TreeModels {

    /** Name of the assembled feature vector column. */
    public static final String FEATURES = "features";

    private TreeModels() {}

    /** An unfitted pipeline for {@code spec} over the feature set's columns. */
    public static Pipeline pipeline(ModelSpec spec, FeatureSetSpec fs, long seed) {
        VectorAssembler assembler =
                new VectorAssembler()
                        .setInputCols(fs.featureNames().toArray(new String[0]))
                        .setOutputCol(FEATURES)
                        .setHandleInvalid("error");
        PipelineStage clf =
                switch (spec.kind()) {
                    case RF ->
                            new RandomForestClassifier()
                                    .setLabelCol(TrainingSet.LABEL)
                                    .setFeaturesCol(FEATURES)
                                    .setNumTrees(spec.intParam("numTrees"))
                                    .setMaxDepth(spec.intParam("maxDepth"))
                                    .setMinInstancesPerNode(spec.intParam("minInstancesPerNode"))
                                    .setSubsamplingRate(spec.doubleParam("subsamplingRate"))
                                    .setFeatureSubsetStrategy(
                                            spec.params().get("featureSubsetStrategy"))
                                    .setMaxBins(spec.intParam("maxBins"))
                                    .setSeed(seed);
                    case GBT ->
                            new GBTClassifier()
                                    .setLabelCol(TrainingSet.LABEL)
                                    .setFeaturesCol(FEATURES)
                                    .setLossType("logistic")
                                    .setMaxIter(spec.intParam("maxIter"))
                                    .setMaxDepth(spec.intParam("maxDepth"))
                                    .setStepSize(spec.doubleParam("stepSize"))
                                    .setSubsamplingRate(spec.doubleParam("subsamplingRate"))
                                    .setMinInstancesPerNode(spec.intParam("minInstancesPerNode"))
                                    .setMaxBins(spec.intParam("maxBins"))
                                    .setSeed(seed);
                };
        return new Pipeline().setStages(new PipelineStage[] {assembler, clf});
    }

    /** Feature name → importance of the fitted classifier. */
    public static Map<String, Double> featureImportances(PipelineModel model, FeatureSetSpec fs) {
        Object clf = model.stages()[model.stages().length - 1];
        Vector imp =
                clf instanceof RandomForestClassificationModel rf
                        ? rf.featureImportances()
                        : ((GBTClassificationModel) clf).featureImportances();
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < fs.featureNames().size(); i++) {
            out.put(fs.featureNames().get(i), imp.apply(i));
        }
        return out;
    }

    /** The grid of {@code auto-train --search grid}: 4 points per model. */
    public static List<ModelSpec> grid(ModelKind kind) {
        List<ModelSpec> out = new ArrayList<>();
        ModelSpec base = ModelSpec.defaults(kind);
        if (kind == ModelKind.RF) {
            for (String trees : new String[] {"50", "100"}) {
                for (String depth : new String[] {"4", "8"}) {
                    out.add(base.with(Map.of("numTrees", trees, "maxDepth", depth)));
                }
            }
        } else {
            for (String iter : new String[] {"30", "60"}) {
                for (String depth : new String[] {"3", "5"}) {
                    out.add(base.with(Map.of("maxIter", iter, "maxDepth", depth)));
                }
            }
        }
        return out;
    }

    /** {@code trials} distinct random points of the model's space, drawn from {@code seed}. */
    public static List<ModelSpec> random(ModelKind kind, int trials, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + kind.ordinal());
        ModelSpec base = ModelSpec.defaults(kind);
        List<ModelSpec> out = new ArrayList<>();
        int attempts = 0;
        while (out.size() < trials && attempts++ < trials * 50) {
            Map<String, String> p = new LinkedHashMap<>();
            if (kind == ModelKind.RF) {
                p.put("numTrees", pick(rnd, "30", "50", "80", "120"));
                p.put("maxDepth", pick(rnd, "3", "4", "6", "8", "10"));
                p.put("minInstancesPerNode", pick(rnd, "5", "20", "50", "100"));
                p.put("subsamplingRate", pick(rnd, "0.6", "0.8", "1.0"));
                p.put("featureSubsetStrategy", pick(rnd, "sqrt", "log2", "onethird"));
            } else {
                p.put("maxIter", pick(rnd, "20", "40", "60", "100"));
                p.put("maxDepth", pick(rnd, "2", "3", "4", "5"));
                p.put("stepSize", pick(rnd, "0.03", "0.05", "0.1", "0.2"));
                p.put("subsamplingRate", pick(rnd, "0.6", "0.8", "1.0"));
                p.put("minInstancesPerNode", pick(rnd, "5", "20", "50", "100"));
            }
            ModelSpec s = base.with(p);
            if (!out.contains(s)) out.add(s);
        }
        return out;
    }

    private static String pick(SplittableRandom rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }
}
