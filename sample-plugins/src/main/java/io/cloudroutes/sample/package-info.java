/**
 * Plugins as their authors outside CloudRoutes write them, one class a type, listed in {@code META-INF/services}: a
 * deploy pipeline that reports its deploys ({@link io.cloudroutes.sample.DeployReportCheckType}, pushed), a job's
 * marker file that must exist ({@link io.cloudroutes.sample.MarkerFileCheckType}, polled) and a line appended to a
 * journal file ({@link io.cloudroutes.sample.JournalReactionType}).
 */
package io.cloudroutes.sample;
