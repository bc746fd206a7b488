/**
 * How a {@link io.cloudroutes.checks.PushedCheckType pushed check type} takes its results from senders: the
 * {@link io.cloudroutes.checks.push.PushRoute routes} it declares (where crweb listens and what the monitor's page
 * shows), how it reads a delivery ({@link io.cloudroutes.checks.push.PushDelivery}) and what it makes of it
 * ({@link io.cloudroutes.checks.push.PushVerdict}). crweb does the rest for every type alike: authentication by the
 * monitor's secret, body limits, the delivery log, appending to the results stream and answering the sender.
 */
package io.cloudroutes.checks.push;
