package org.zeropipe.core.leak;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns the leak check off for a test method or class: for tests that exercise the leak
 * detector itself and leak on purpose. What they leave alive is still released quietly after
 * each test, so the next test starts clean.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
public @interface NoLeakCheck {
}
