/**
 * Layered configuration: {@code conf/base.conf} holds every key with its default (one place), an
 * environment overlay ({@code local}, {@code paper}, {@code live}) and an optional user file
 * override it. A key that base.conf does not define is an error, never silently ignored.
 */
package dev.algotrader.core.config;
