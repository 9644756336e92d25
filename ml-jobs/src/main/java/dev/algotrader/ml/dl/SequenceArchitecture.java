package dev.algotrader.ml.dl;

import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The sequence model types and their DL4J networks; both end in one sigmoid unit = P(UP). */
public enum SequenceArchitecture {
    /** {@code LastTimeStep(LSTM)} → sigmoid output; no position features (recurrence orders). */
    LSTM_NET("lstm") {
        @Override
        public int positionalDims(ForecasterConfig c) {
            return 0;
        }

        @Override
        MultiLayerConfiguration configure(int channels, ForecasterConfig c) {
            return base(c).list()
                    .layer(
                            new LastTimeStep(
                                    new LSTM.Builder()
                                            .nIn(channels)
                                            .nOut(c.hiddenSize())
                                            .activation(Activation.TANH)
                                            .build()))
                    .layer(output(c.hiddenSize()))
                    .setInputType(InputType.recurrent(channels, c.window()))
                    .build();
        }
    },
    /**
     * Multi-head {@code SelfAttentionLayer} over the window (rows + sinusoidal position features,
     * projected) → average pooling over time → dense → sigmoid output.
     */
    ATTENTION("attention") {
        @Override
        public int positionalDims(ForecasterConfig c) {
            return c.positionalDims();
        }

        @Override
        MultiLayerConfiguration configure(int channels, ForecasterConfig c) {
            int h = c.hiddenSize();
            return base(c).list()
                    .layer(
                            new SelfAttentionLayer.Builder()
                                    .nIn(channels)
                                    .nOut(h)
                                    .nHeads(c.attentionHeads())
                                    .headSize(h / c.attentionHeads())
                                    .projectInput(true)
                                    .build())
                    .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                    .layer(
                            new DenseLayer.Builder()
                                    .nIn(h)
                                    .nOut(h)
                                    .activation(Activation.RELU)
                                    .build())
                    .layer(output(h))
                    .setInputType(InputType.recurrent(channels, c.window()))
                    .build();
        }
    };

    private final String id;

    SequenceArchitecture(String id) {
        this.id = id;
    }

    /** The model type id used in config, sidecar files and the registry. */
    public String id() {
        return id;
    }

    /** Positional dimensions appended to each row of a window for this architecture. */
    public abstract int positionalDims(ForecasterConfig c);

    abstract MultiLayerConfiguration configure(int channels, ForecasterConfig c);

    /** A freshly initialised, seeded network for {@code features} input features. */
    public MultiLayerNetwork build(int features, ForecasterConfig c) {
        MultiLayerNetwork net =
                new MultiLayerNetwork(
                        configure(SequenceWindows.channels(features, positionalDims(c)), c));
        net.init();
        return net;
    }

    /** The architecture with model type {@code id} ("lstm" or "attention"). */
    public static SequenceArchitecture of(String id) {
        String k = id.toLowerCase(Locale.ROOT);
        for (SequenceArchitecture a : values()) if (a.id.equals(k)) return a;
        throw new IllegalArgumentException(
                "unknown sequence model type '" + id + "': use \"lstm\" or \"attention\"");
    }

    static DataType dataType(ForecasterConfig c) {
        return c.dataType().equals("double") ? DataType.DOUBLE : DataType.FLOAT;
    }

    private static NeuralNetConfiguration.Builder base(ForecasterConfig c) {
        return new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .dataType(dataType(c))
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(c.learningRate()))
                .l2(c.l2());
    }

    private static OutputLayer output(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(nIn)
                .nOut(1)
                .activation(Activation.SIGMOID)
                .build();
    }
}
