package dev.algotrader.ml.tracking;

import dev.algotrader.ml.tracking.TrackingStore.RunInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.RunsPage;

/**
 * Every RUNNING run on an MLflow server, in every active experiment (for {@link RunRepair}): all
 * experiments page by page, then {@code attributes.status = 'RUNNING'} over them, 100 experiments a
 * search as the server allows.
 */
final class RunningRuns {

    private static final int EXPERIMENTS_PER_SEARCH = 100;

    private RunningRuns() {}

    static List<RunInfo> search(MlflowClient client, MlflowCalls calls) {
        List<String> experiments = experimentIds(client, calls);
        List<RunInfo> out = new ArrayList<>();
        for (int i = 0; i < experiments.size(); i += EXPERIMENTS_PER_SEARCH) {
            List<String> ids =
                    experiments.subList(
                            i, Math.min(experiments.size(), i + EXPERIMENTS_PER_SEARCH));
            String t = null;
            do {
                String pt = t;
                RunsPage page =
                        calls.call(
                                "search running runs",
                                () ->
                                        client.searchRuns(
                                                ids,
                                                "attributes.status = 'RUNNING'",
                                                Service.ViewType.ACTIVE_ONLY,
                                                1000,
                                                List.of(),
                                                pt));
                for (Service.Run run : page.getItems()) out.add(info(run));
                t = page.getNextPageToken().orElse(null);
            } while (t != null && !t.isEmpty());
        }
        return out;
    }

    private static List<String> experimentIds(MlflowClient client, MlflowCalls calls) {
        List<String> experiments = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ExperimentsPage page =
                    calls.call(
                            "search experiments",
                            () ->
                                    client.searchExperiments(
                                            "", Service.ViewType.ACTIVE_ONLY, 1000, List.of(), t));
            page.getItems().forEach(e -> experiments.add(e.getExperimentId()));
            token = page.getNextPageToken().orElse(null);
        } while (token != null && !token.isEmpty());
        return experiments;
    }

    private static RunInfo info(Service.Run run) {
        Service.RunInfo r = run.getInfo();
        Map<String, String> tags = new TreeMap<>();
        run.getData().getTagsList().forEach(x -> tags.put(x.getKey(), x.getValue()));
        return new RunInfo(
                r.getRunId(), r.getExperimentId(), r.getRunName(), r.getStartTime(), tags);
    }
}
