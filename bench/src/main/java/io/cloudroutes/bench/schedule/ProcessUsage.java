package io.cloudroutes.bench.schedule;

/**
 * What one process used: CPU within the window, and memory.
 *
 * @param name      what runs in it
 * @param pid       its process id
 * @param cpuMillis user plus system CPU time within the window (/proc/[pid]/stat), with its descendants' unless
 *                  they have rows of their own
 * @param rssMb     resident memory at the window's end (VmRSS)
 * @param peakRssMb the most it had resident at once since it started (VmHWM)
 */
public record ProcessUsage(String name, long pid, double cpuMillis, double rssMb, double peakRssMb) {}
