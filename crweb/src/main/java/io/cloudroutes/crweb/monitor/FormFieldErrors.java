package io.cloudroutes.crweb.monitor;

import org.springframework.beans.InvalidPropertyException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A monitor or reaction form posted with a field name that is not a path into the form, e.g. a made-up
 * {@code settings[a]b[c]}, which Spring cannot even bind: a 400 page, never a fault. A field name that is a path but
 * names no setting is a field error of the form instead.
 */
@ControllerAdvice(
        basePackages = {
            "io.cloudroutes.crweb.monitor",
            "io.cloudroutes.crweb.reaction",
            "io.cloudroutes.crweb.statuspage"
        })
class FormFieldErrors {

    @ExceptionHandler(InvalidPropertyException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String notAFieldOfTheForm(Model model) {
        model.addAttribute("status", 400);
        model.addAttribute("error", "Bad Request: the form sent a field that is not one of its own");
        return "error";
    }
}
