package io.cloudroutes.crweb.team;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission a handler needs. Every handler of CloudRoutes declares one (on the method, or on its controller for
 * all of its methods); a handler without it is refused, and the build's route tests fail.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Requires {

    Permission value();

    /**
     * Where the team the permission is checked in comes from: by default the team the person works in (chosen in the
     * header; an API key's own team); for an address that names a thing of one team, the bean that reads which.
     */
    Class<? extends TeamOfAddress> teamOf() default TeamOfAddress.class;
}
