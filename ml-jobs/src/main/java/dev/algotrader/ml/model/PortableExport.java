package dev.algotrader.ml.model;

import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * Flattens a fitted RF or GBT pipeline into the node arrays of {@link TreeEnsembleScorer}, which
 * {@code trading-core} evaluates without Spark. Checked against Spark's {@code transform} in the
 * training job itself (the run records {@code portable_max_abs_diff}) and in a test.
 */
public final class PortableExport {

    private PortableExport() {}

    /** Exports the pipeline's classifier; the assembler's input order is the feature set's. */
    public static TreeEnsembleScorer export(
            PipelineModel model, FeatureSetSpec fs, String modelName, String runId) {
        Object clf = model.stages()[model.stages().length - 1];
        List<TreeEnsembleScorer.Tree> trees = new ArrayList<>();
        if (clf instanceof GBTClassificationModel gbt) {
            double[] w = gbt.treeWeights();
            for (int t = 0; t < gbt.trees().length; t++) {
                trees.add(flatten(gbt.trees()[t].rootNode(), w[t], false));
            }
            return new TreeEnsembleScorer(
                    TreeEnsembleScorer.Kind.GBT, modelName, "", runId, fs, trees);
        }
        if (clf instanceof RandomForestClassificationModel rf) {
            if (rf.numClasses() != 2) {
                throw new IllegalArgumentException(
                        "only binary forests export, got " + rf.numClasses());
            }
            for (int t = 0; t < rf.trees().length; t++) {
                trees.add(flatten(rf.trees()[t].rootNode(), 1.0, true));
            }
            return new TreeEnsembleScorer(
                    TreeEnsembleScorer.Kind.RF, modelName, "", runId, fs, trees);
        }
        throw new IllegalArgumentException(
                "cannot export " + clf.getClass().getSimpleName() + ": only RF and GBT");
    }

    private static TreeEnsembleScorer.Tree flatten(Node root, double weight, boolean classCounts) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(root);
        // breadth-first numbering; children indices are filled as nodes are appended
        List<int[]> children = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n instanceof InternalNode in) {
                int l = nodes.size();
                nodes.add(in.leftChild());
                int r = nodes.size();
                nodes.add(in.rightChild());
                children.add(new int[] {l, r});
            } else {
                children.add(new int[] {-1, -1});
            }
        }
        int size = nodes.size();
        int[] feature = new int[size];
        double[] threshold = new double[size];
        int[] left = new int[size];
        int[] right = new int[size];
        double[] value = new double[size];
        double[] c0 = new double[size];
        double[] c1 = new double[size];
        for (int i = 0; i < size; i++) {
            Node n = nodes.get(i);
            left[i] = children.get(i)[0];
            right[i] = children.get(i)[1];
            if (n instanceof InternalNode in) {
                Split s = in.split();
                if (!(s instanceof ContinuousSplit cs)) {
                    throw new IllegalArgumentException(
                            "categorical splits cannot be exported (feature "
                                    + s.featureIndex()
                                    + ")");
                }
                feature[i] = cs.featureIndex();
                threshold[i] = cs.threshold();
            } else {
                LeafNode leaf = (LeafNode) n;
                feature[i] = -1;
                value[i] = leaf.prediction();
                if (classCounts) {
                    double[] stats = leaf.impurityStats().stats();
                    c0[i] = stats[0];
                    c1[i] = stats.length > 1 ? stats[1] : 0.0;
                }
            }
        }
        return new TreeEnsembleScorer.Tree(weight, feature, threshold, left, right, value, c0, c1);
    }
}
