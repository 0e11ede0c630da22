package pavel.server.script;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The JavaScript that every context runs before a behaviour: it defines {@code on}, {@code any}, {@code world} and
 * {@code log}, matches shapes, builds a fresh {@code self} for each message, and then freezes every intrinsic (the
 * objects reachable from the global object and the hidden iterator and function prototypes) and makes the global
 * bindings read-only, so that no message can change what the next one sees. Its references to {@code JSON},
 * {@code Object} and the rest are taken before any behaviour code runs.
 *
 * <p>It evaluates to a function of the host callback, the longest log line and whether the context is a console's,
 * which answers the control object {@code {dispatch(name, stateJson, messageJson), endTopLevel(), shapes(),
 * show(value, maxLength)}}. {@code dispatch} answers {@code null} when no shape matches, else
 * {@code [newStateJson, replyJson or null]}; {@code show} writes a value the way a REPL shows it.
 *
 * <p>A console's context has no {@code on} and {@code any}; its {@code world} also has {@code objects()},
 * {@code object(name)}, {@code put(name, state)} and {@code send(name, message)}, and reaches the host whenever an
 * input runs rather than only inside a handler.
 *
 * <p>Shapes: every key of a shape must be an own key of the message; {@code Number}, {@code String},
 * {@code Boolean}, {@code Array} and {@code Object} match by type ({@code Object}: a non-null, non-array object);
 * {@code any} matches anything; an object matches an object recursively (extra keys allowed); an array matches an
 * array of the same length element by element; anything else is a literal that matches by {@code ===}.
 */
final class Prelude {
    static final String NAME = "pavel-prelude.js";

    private static final String CODE = """
            (function (host, maxLine, isConsole) {
            'use strict';
            const g = globalThis;
            const ObjectCtor = Object, ArrayCtor = Array, StringCtor = String, NumberCtor = Number,
                BooleanCtor = Boolean, PromiseCtor = Promise, ErrorCtor = Error, TypeErrorCtor = TypeError;
            const { freeze, seal, defineProperty, getPrototypeOf, getOwnPropertyDescriptor, hasOwn, keys } = ObjectCtor;
            const { ownKeys, apply } = Reflect;
            const isArray = ArrayCtor.isArray, isFinite = NumberCtor.isFinite;
            const parse = JSON.parse, stringify = JSON.stringify;
            const slice = StringCtor.prototype.slice, test = RegExp.prototype.test;
            const indexOf = StringCtor.prototype.indexOf, replaceAll = StringCtor.prototype.replaceAll;
            const objectToString = ObjectCtor.prototype.toString;
            const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
            const objectPrototype = ObjectCtor.prototype;

            const any = freeze({ __proto__: null });
            const handlers = [];
            let topLevel = true;
            let inHandler = false;

            function typeName(v) {
                if (v === null) return 'null';
                if (isArray(v)) return 'an array';
                if (typeof v === 'function') return 'function ' + (v.name || 'anonymous');
                return typeof v === 'object' ? 'an object' : typeof v + ' ' + show(v);
            }

            function show(v) {
                if (typeof v === 'string') return v;
                if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') {
                    return typeof v === 'function' ? 'function ' + (v.name || 'anonymous') : StringCtor(v);
                }
                try {
                    const s = stringify(v);
                    return s === undefined ? StringCtor(v) : s;
                } catch (e) {
                    return StringCtor(v);
                }
            }

            function requireString(v, what) {
                if (typeof v !== 'string') throw new TypeErrorCtor(what + ' must be a string, not ' + typeName(v));
                return v;
            }

            function toJson(v, what) {
                const s = stringify(v);
                if (s === undefined) throw new TypeErrorCtor(what + ' must be JSON-serialisable, not ' + typeName(v));
                return s;
            }

            function isTypeShape(s) {
                return s === NumberCtor || s === StringCtor || s === BooleanCtor || s === ArrayCtor || s === ObjectCtor;
            }

            function copyShape(s, at) {
                if (s === any || isTypeShape(s)) return s;
                if (s === null || typeof s === 'string' || typeof s === 'boolean' || (typeof s === 'number' && s === s)) {
                    return s;
                }
                if (isArray(s)) {
                    const copy = [];
                    for (let i = 0; i < s.length; i++) copy[i] = copyShape(s[i], at + '[' + i + ']');
                    return freeze(copy);
                }
                if (typeof s === 'object' && (getPrototypeOf(s) === objectPrototype || getPrototypeOf(s) === null)) {
                    const copy = {};
                    const ks = keys(s);
                    for (let i = 0; i < ks.length; i++) {
                        defineProperty(copy, ks[i], { value: copyShape(s[ks[i]], at + '.' + ks[i]), enumerable: true });
                    }
                    return freeze(copy);
                }
                throw new TypeErrorCtor('on(shape, handler): the shape' + (at === '' ? '' : ' at ' + at)
                    + ' cannot be ' + typeName(s) + '; use a literal, any, Number, String, Boolean, Array, Object,'
                    + ' or an object or array of those');
            }

            function matches(s, v) {
                if (s === any) return true;
                if (s === NumberCtor) return typeof v === 'number';
                if (s === StringCtor) return typeof v === 'string';
                if (s === BooleanCtor) return typeof v === 'boolean';
                if (s === ArrayCtor) return isArray(v);
                if (s === ObjectCtor) return typeof v === 'object' && v !== null && !isArray(v);
                if (isArray(s)) {
                    if (!isArray(v) || v.length !== s.length) return false;
                    for (let i = 0; i < s.length; i++) if (!matches(s[i], v[i])) return false;
                    return true;
                }
                if (typeof s === 'object' && s !== null) {
                    if (typeof v !== 'object' || v === null || isArray(v)) return false;
                    const ks = keys(s);
                    for (let i = 0; i < ks.length; i++) {
                        if (!hasOwn(v, ks[i]) || !matches(s[ks[i]], v[ks[i]])) return false;
                    }
                    return true;
                }
                return s === v;
            }

            function describe(s) {
                if (s === any) return 'any';
                if (isTypeShape(s)) return s.name;
                if (isArray(s)) {
                    let out = '[';
                    for (let i = 0; i < s.length; i++) out += (i > 0 ? ', ' : '') + describe(s[i]);
                    return out + ']';
                }
                if (typeof s === 'object' && s !== null) {
                    const ks = keys(s);
                    let out = '{';
                    for (let i = 0; i < ks.length; i++) {
                        const k = apply(test, identifier, [ks[i]]) ? ks[i] : stringify(ks[i]);
                        out += (i > 0 ? ', ' : '') + k + ': ' + describe(s[ks[i]]);
                    }
                    return out + '}';
                }
                return stringify(s);
            }

            function call(what, op, a, b, c) {
                if (!inHandler && !isConsole) throw new ErrorCtor(what + ' can only be used inside a handler');
                const r = host(op, a, b, c);
                if (r[0] !== true) throw new ErrorCtor(r[1]);
                return r[1];
            }

            function on(shape, handler) {
                if (!topLevel) throw new ErrorCtor('on(shape, handler) registers handlers only at the top level of a behaviour');
                if (typeof handler !== 'function') {
                    throw new TypeErrorCtor('on(shape, handler): the handler must be a function, not ' + typeName(handler));
                }
                handlers[handlers.length] = freeze({ shape: copyShape(shape, ''), fn: handler });
            }

            function log(...args) {
                let line = '';
                for (let i = 0; i < args.length && line.length <= maxLine; i++) line += (i > 0 ? ' ' : '') + show(args[i]);
                if (line.length > maxLine) {
                    line = apply(slice, line, [0, maxLine]) + '\\u2026 (cut at ' + maxLine + ' characters)';
                }
                call('log()', 'log', line);
            }

            function doc(space) {
                requireString(space, 'world.doc(space): the space');
                return freeze({
                    get(path) {
                        return call('world.doc().get()', 'docGet', space, requireString(path, 'doc.get(path): the path'));
                    },
                    put(path, html) {
                        call('world.doc().put()', 'docPut', space, requireString(path, 'doc.put(path, html): the path'),
                            requireString(html, 'doc.put(path, html): the html'));
                    },
                    append(path, html) {
                        call('world.doc().append()', 'docAppend', space,
                            requireString(path, 'doc.append(path, html): the path'),
                            requireString(html, 'doc.append(path, html): the html'));
                    },
                    remove(path) {
                        call('world.doc().remove()', 'docRemove', space, requireString(path, 'doc.remove(path): the path'));
                    },
                });
            }

            function objects() {
                return parse(call('world.objects()', 'objects'));
            }

            function object(name) {
                return parse(call('world.object()', 'object', requireString(name, 'world.object(name): the name')));
            }

            function put(name, state) {
                return call('world.put()', 'put', requireString(name, 'world.put(name, state): the name'),
                    toJson(state, 'world.put(name, state): the state')) === 'true';
            }

            function sendTo(name, message) {
                call('world.send()', 'send', requireString(name, 'world.send(name, message): the name'),
                    toJson(message, 'world.send(name, message): the message'));
            }

            const world = freeze(isConsole ? { doc, objects, object, put, send: sendTo } : { doc });

            function send(object, message) {
                call('self.send()', 'send', requireString(object, 'self.send(name, message): the name'),
                    toJson(message, 'self.send(name, message): the message'));
            }

            function after(ms, message) {
                if (typeof ms !== 'number' || !isFinite(ms) || ms < 0) {
                    throw new TypeErrorCtor('self.after(ms, message): ms must be a number of milliseconds, 0 or more, not '
                        + typeName(ms));
                }
                call('self.after()', 'after', ms, toJson(message, 'self.after(ms, message): the message'));
            }

            function runHandler(fn, name, stateJson, message) {
                const self = { state: parse(stateJson) };
                defineProperty(self, 'name', { value: name, enumerable: true });
                defineProperty(self, 'send', { value: send });
                defineProperty(self, 'after', { value: after });
                seal(self);
                inHandler = true;
                try {
                    const reply = fn(message, self);
                    if (reply instanceof PromiseCtor) {
                        throw new TypeErrorCtor('Handlers run synchronously, but this one returned a Promise (is it async?)');
                    }
                    const state = stringify(self.state);
                    if (state === undefined) {
                        throw new TypeErrorCtor('self.state must be JSON-serialisable, not ' + typeName(self.state));
                    }
                    const replyJson = reply === undefined ? undefined : stringify(reply);
                    return [state, replyJson === undefined ? null : replyJson];
                } finally {
                    inHandler = false;
                }
            }

            function dispatch(name, stateJson, messageJson) {
                const message = parse(messageJson);
                for (let i = 0; i < handlers.length; i++) {
                    if (matches(handlers[i].shape, message)) return runHandler(handlers[i].fn, name, stateJson, message);
                }
                return null;
            }

            // Node's quotes: single, unless the string has one; escapes as JSON writes them.
            function quote(s) {
                const json = stringify(s);
                if (apply(indexOf, s, ["'"]) >= 0) return json;
                return "'" + apply(replaceAll, apply(slice, json, [1, json.length - 1]), ['\\\\"', '"']) + "'";
            }

            function inspect(v) {
                if (v === undefined) return 'undefined';
                if (v === null) return 'null';
                switch (typeof v) {
                    case 'string': return quote(v);
                    case 'number': return v === 0 && 1 / v < 0 ? '-0' : StringCtor(v);
                    case 'bigint': return StringCtor(v) + 'n';
                    case 'boolean': return v ? 'true' : 'false';
                    case 'symbol': return StringCtor(v);
                    case 'function': return '[Function: ' + (v.name || '(anonymous)') + ']';
                }
                if (v instanceof ErrorCtor) return StringCtor(v);
                let s = stringify(v);
                if (s === undefined) return apply(objectToString, v, []);
                if (s.length > 72) s = stringify(v, null, 2);
                return s;
            }

            function display(v, max) {
                let s;
                try {
                    s = inspect(v);
                } catch (e) {
                    s = typeof v === 'object' ? apply(objectToString, v, []) : '[' + typeof v + ']';
                }
                if (s.length > max) s = apply(slice, s, [0, max]) + '\\u2026 (cut at ' + max + ' characters)';
                return s;
            }

            function shapes() {
                const out = [];
                for (let i = 0; i < handlers.length; i++) out[i] = describe(handlers[i].shape);
                return out;
            }

            // Nothing that reaches outside, shares memory between threads or names the engine.
            for (const name of ['Graal', 'SharedArrayBuffer', 'Atomics', 'arguments', 'Java', 'Packages', 'Polyglot',
                'java', 'javax', 'load', 'loadWithNewGlobal', 'print', 'printErr', 'console', 'quit', 'exit']) {
                const d = getOwnPropertyDescriptor(g, name);
                if (d !== undefined && d.configurable) delete g[name];
            }
            const api = isConsole
                ? [['world', world], ['log', log]]
                : [['on', on], ['any', any], ['world', world], ['log', log]];
            for (const [name, value] of api) {
                defineProperty(g, name, { value, writable: false, enumerable: false, configurable: false });
            }

            let hardened = new WeakSet();
            harden(send);
            harden(after);
            function harden(o) {
                if ((typeof o !== 'object' || o === null) && typeof o !== 'function') return;
                if (o === g || hardened.has(o)) return;
                hardened.add(o);
                freeze(o);
                harden(getPrototypeOf(o));
                const ks = ownKeys(o);
                for (let i = 0; i < ks.length; i++) {
                    const d = getOwnPropertyDescriptor(o, ks[i]);
                    if (d === undefined) continue;
                    if (hasOwn(d, 'value')) {
                        harden(d.value);
                    } else {
                        harden(d.get);
                        harden(d.set);
                    }
                }
            }
            const globals = ownKeys(g);
            for (let i = 0; i < globals.length; i++) {
                const d = getOwnPropertyDescriptor(g, globals[i]);
                if (hasOwn(d, 'value')) {
                    harden(d.value);
                    if (d.writable || d.configurable) defineProperty(g, globals[i], { writable: false, configurable: false });
                } else {
                    harden(d.get);
                    harden(d.set);
                }
            }
            harden(getPrototypeOf(g));
            harden(getPrototypeOf([][Symbol.iterator]()));
            harden(getPrototypeOf(new Map()[Symbol.iterator]()));
            harden(getPrototypeOf(new Set()[Symbol.iterator]()));
            harden(getPrototypeOf(''[Symbol.iterator]()));
            harden(getPrototypeOf(/x/[Symbol.matchAll]('')));
            harden(getPrototypeOf(function* () {}));
            harden(getPrototypeOf((function* () {})()));
            harden(getPrototypeOf(async function () {}));
            harden(getPrototypeOf(async function* () {}));
            harden(getPrototypeOf((async function* () {})()));
            const values = [].values();
            if (typeof values.map === 'function') harden(getPrototypeOf(values.map(x => x)));
            if (typeof g.Iterator?.from === 'function') harden(getPrototypeOf(g.Iterator.from({ next() { return { done: true }; } })));
            // The closures that outlive this walk (dispatch, on, log…) share its scope: let go of the set it needed,
            // which would otherwise keep hundreds of entries alive in every context.
            hardened = null;

            return freeze({
                dispatch,
                endTopLevel() { topLevel = false; },
                shapes,
                show: display,
            });
            })
            """;

    static final Source SOURCE = Source.newBuilder("js", CODE, NAME).cached(true).buildLiteral();

    private Prelude() {
    }

    /** Runs the prelude in a fresh context and answers its control object. */
    static Value install(Context context, HostBridge bridge, int maxLogLine) {
        return context.eval(SOURCE).execute(bridge, maxLogLine, false);
    }

    /** Runs the prelude for a console in a fresh context and answers its control object. */
    static Value installConsole(Context context, HostBridge bridge, int maxLogLine) {
        return context.eval(SOURCE).execute(bridge, maxLogLine, true);
    }
}
