package dev.accountbackup.operator.run;

import dev.accountbackup.operator.jobs.AttemptHandle;

/**
 * Told by {@link RunLoop} of each end of an attempt, once, when it is recorded in the resource's status: the one
 * place where the outcomes of runs are counted (metrics). Called on the reconcile thread: keep it quick.
 */
public interface RunListener<R, T, D> {

    /** The run succeeded. */
    void succeeded(R resource, AttemptHandle<T, D> job);

    /** The attempt failed transiently; another attempt follows. */
    void retrying(R resource, AttemptHandle<T, D> job);

    /**
     * The run failed for good.
     *
     * @param job its last attempt; null when no attempt ran (the run could not start, or a restart cut it short)
     */
    void failed(R resource, AttemptHandle<T, D> job);

    /** A listener that counts nothing. */
    static <R, T, D> RunListener<R, T, D> none() {
        return new RunListener<>() {
            @Override
            public void succeeded(R resource, AttemptHandle<T, D> job) {}

            @Override
            public void retrying(R resource, AttemptHandle<T, D> job) {}

            @Override
            public void failed(R resource, AttemptHandle<T, D> job) {}
        };
    }
}
