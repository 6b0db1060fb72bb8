package dev.clm.api;

/** A retraining job or cycle was started while another one holds the lock. Names the running job. */
public class JobAlreadyRunningException extends ClmException {
    private final String runningJobId;

    public JobAlreadyRunningException(String runningJobId) {
        super("a retraining job is already running (job id " + runningJobId + "); refusing to start a second one");
        this.runningJobId = runningJobId;
    }

    /** Id of the job that holds the lock ("unknown" when the holder could not be identified). */
    public String runningJobId() { return runningJobId; }
}
