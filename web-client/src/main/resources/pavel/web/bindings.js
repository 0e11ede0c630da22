// Declarative UI events in a space (DESIGN.md "Objects"): an element with data-post="/objects/{name}" sends its
// data-message (a JSON object) to that object when clicked; inside a <form>, the form's named field values are merged
// into the message, and submitting the form sends it too. The page sends these as the user's own ordinary requests;
// it runs no code that comes from a document, and reads the space's elements only through dom.js (a form in a space
// can shadow its own properties with named fields).
//
//   import { bindEvents } from "/bindings.js";
//   bindEvents(container, { onError: (message) => console.warn(message) });

import {
  addEventListener, closest, contains, getAttribute, hasAttribute, inputChecked, inputType, inputValue, localName,
  querySelectorAll, removeEventListener, selectValue, textareaValue,
} from "/dom.js";

const TARGET = /^\/objects\/[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Listens for clicks and submits inside `container`; returns a function that stops listening. */
export function bindEvents(container, { fetch: fetchImpl = (...args) => globalThis.fetch(...args), onError = () => {} } = {}) {
  const send = async (element, event) => {
    event.preventDefault();
    const target = getAttribute(element, "data-post");
    if (!TARGET.test(target ?? "")) {
      onError(`data-post="${target}" is not an object of this server (/objects/{name})`);
      return;
    }
    let message;
    try {
      message = messageOf(element);
    } catch (error) {
      onError(error.message);
      return;
    }
    try {
      const response = await fetchImpl(target, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(message),
      });
      if (!response.ok) {
        onError(`${target} answered ${response.status}`);
      }
    } catch (error) {
      onError(`${target}: ${error.message}`);
    }
  };
  const onClick = (event) => {
    const element = event.target instanceof Element ? closest(event.target, "[data-post]") : null;
    if (element && contains(container, element) && localName(element) !== "form") {
      send(element, event);
    }
  };
  const onSubmit = (event) => {
    event.preventDefault(); // a form in a shared document never navigates the page
    if (event.target instanceof HTMLFormElement && hasAttribute(event.target, "data-post")) {
      send(event.target, event);
    }
  };
  addEventListener(container, "click", onClick);
  addEventListener(container, "submit", onSubmit);
  return () => {
    removeEventListener(container, "click", onClick);
    removeEventListener(container, "submit", onSubmit);
  };
}

/** The element's data-message (a JSON object, `{}` without one) with its form's named field values merged in. */
export function messageOf(element) {
  const raw = getAttribute(element, "data-message");
  let message = {};
  if (raw !== null && raw.trim() !== "") {
    message = JSON.parse(raw);
    if (message === null || typeof message !== "object" || Array.isArray(message)) {
      throw new Error(`data-message must be a JSON object, not ${raw}`);
    }
  }
  const form = localName(element) === "form" ? element : closest(element, "form");
  if (form) {
    for (const field of querySelectorAll(form, "input[name], select[name], textarea[name]")) {
      Object.defineProperty(message, getAttribute(field, "name"), // even "__proto__" is just a key
        { value: valueOf(field), enumerable: true, writable: true, configurable: true });
    }
  }
  return message;
}

function valueOf(field) {
  switch (localName(field)) {
    case "select":
      return selectValue(field);
    case "textarea":
      return textareaValue(field);
    default: {
      const type = inputType(field);
      if (type === "checkbox") {
        return inputChecked(field);
      }
      if (type === "number" || type === "range") {
        return inputValue(field) === "" ? null : Number(inputValue(field));
      }
      return inputValue(field);
    }
  }
}
