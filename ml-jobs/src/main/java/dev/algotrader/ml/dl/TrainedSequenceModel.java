package dev.algotrader.ml.dl;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained DL4J sequence network with its sidecar spec; predicts P(UP) for bars of a series. */
public final class TrainedSequenceModel {

    private static final int CHUNK = 2048;

    private final SequenceModelSpec spec;
    private final MultiLayerNetwork net;

    public TrainedSequenceModel(SequenceModelSpec spec, MultiLayerNetwork net) {
        this.spec = spec;
        this.net = net;
    }

    public SequenceModelSpec spec() {
        return spec;
    }

    public MultiLayerNetwork network() {
        return net;
    }

    /** P(UP) for each bar in {@code samples}, each read from its window of rows of {@code x}. */
    public synchronized double[] predict(double[][] x, int[] samples) {
        double[] out = new double[samples.length];
        for (int from = 0; from < samples.length; from += CHUNK) {
            int to = Math.min(samples.length, from + CHUNK);
            int[] chunk = java.util.Arrays.copyOfRange(samples, from, to);
            INDArray in =
                    SequenceWindows.tensor(
                            x,
                            chunk,
                            spec.window(),
                            spec.normalizer(),
                            spec.positionalDims(),
                            spec.nd4jDataType());
            INDArray p = net.output(in, false);
            for (int i = 0; i < chunk.length; i++) out[from + i] = p.getDouble(i, 0);
        }
        return out;
    }
}
