package dev.algotrader.batch;

import dev.algotrader.core.progress.Progress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Reports the tasks of the running Spark job as {@link Progress#detail} ("6/8 Spark tasks"), so a
 * step that is one long Spark action still moves and gets an ETA. Stages Spark skips (cached
 * shuffle output) count as done when their job ends.
 */
final class SparkJobProgress extends SparkListener {

    private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
    private final Map<Integer, int[]> tasksOfJob = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        int total = 0;
        scala.collection.Iterator<StageInfo> it = start.stageInfos().iterator();
        while (it.hasNext()) {
            StageInfo s = it.next();
            total += s.numTasks();
            jobOfStage.put(s.stageId(), start.jobId());
        }
        tasksOfJob.put(start.jobId(), new int[] {0, total});
        Progress.detail(0, total, "Spark tasks");
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        Integer job = jobOfStage.get(end.stageId());
        int[] t = job == null ? null : tasksOfJob.get(job);
        if (t == null) return;
        int done;
        synchronized (t) {
            done = ++t[0];
        }
        Progress.detail(Math.min(done, t[1]), t[1], "Spark tasks");
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        int[] t = tasksOfJob.remove(end.jobId());
        jobOfStage.values().removeIf(j -> j == end.jobId());
        if (t != null) Progress.detail(t[1], t[1], "Spark tasks");
    }
}
