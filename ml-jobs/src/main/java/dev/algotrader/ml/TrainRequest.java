package dev.algotrader.ml;

import java.util.List;
import java.util.Map;

/**
 * What to train; null fields take {@code algotrader.research} defaults.
 *
 * @param model rf or gbt (train only)
 * @param params hyperparameter overrides of {@code train} (MLlib names)
 * @param search grid or random (auto-train)
 * @param models model families of auto-train
 */
public record TrainRequest(
        String symbol,
        String interval,
        String model,
        Map<String, String> params,
        Long seed,
        Long featuresVersion,
        Long labelsVersion,
        String search,
        Integer trials,
        String metric,
        List<String> models) {

    public TrainRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
        models = models == null ? null : List.copyOf(models);
    }

    /** Everything from configuration. */
    public static TrainRequest defaults() {
        return new TrainRequest(
                null, null, null, Map.of(), null, null, null, null, null, null, null);
    }

    public TrainRequest withModel(String m) {
        return new TrainRequest(
                symbol,
                interval,
                m,
                params,
                seed,
                featuresVersion,
                labelsVersion,
                search,
                trials,
                metric,
                models);
    }

    public TrainRequest withParams(Map<String, String> p) {
        return new TrainRequest(
                symbol,
                interval,
                model,
                p,
                seed,
                featuresVersion,
                labelsVersion,
                search,
                trials,
                metric,
                models);
    }

    public TrainRequest withSeed(Long s) {
        return new TrainRequest(
                symbol,
                interval,
                model,
                params,
                s,
                featuresVersion,
                labelsVersion,
                search,
                trials,
                metric,
                models);
    }

    public TrainRequest withSeries(String sym, String iv) {
        return new TrainRequest(
                sym,
                iv,
                model,
                params,
                seed,
                featuresVersion,
                labelsVersion,
                search,
                trials,
                metric,
                models);
    }

    public TrainRequest withVersions(Long features, Long labels) {
        return new TrainRequest(
                symbol, interval, model, params, seed, features, labels, search, trials, metric,
                models);
    }

    public TrainRequest withSearch(String method, Integer n, String m, List<String> kinds) {
        return new TrainRequest(
                symbol,
                interval,
                model,
                params,
                seed,
                featuresVersion,
                labelsVersion,
                method,
                n,
                m,
                kinds);
    }
}
