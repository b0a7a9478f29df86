// Thaw onboarding page: profile -> user -> star ratings -> recommendations that adapt after each rating.
// Plain browser JavaScript; talks only to the JSON API described at /openapi.json.
"use strict";

const RECOMMENDATIONS = 10;
const EVIDENCE = 10;
const SEARCH_RESULTS = 10;

const state = { userId: null, ratings: new Map(), stars: [1, 2, 3, 4, 5], recommendationRequest: 0, searchTimer: null };

const $ = (id) => document.getElementById(id);

/** Calls the API; resolves to the parsed JSON body, rejects with the server's one-line error message. */
async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const key = $("api-key").value.trim();
  if (key && method !== "GET") headers["X-API-Key"] = key;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const message = json.error && json.error.message ? json.error.message : response.statusText;
    throw new Error(`${method} ${path}: ${response.status} ${message}`);
  }
  return json;
}

function showStatus(message, isError) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", Boolean(isError));
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** One list entry: title, genres and optionally a score or a star rating widget. */
function itemEntry(item, { withStars, score }) {
  const li = element("li");
  li.dataset.itemId = item.id;
  if (score !== undefined) li.append(element("span", "score", score.toFixed(2)));
  li.append(element("div", "title", item.title));
  li.append(element("div", "genres", (item.genres || []).join(", ")));
  if (withStars) li.append(starWidget(item));
  return li;
}

function starWidget(item) {
  const group = element("div", "stars");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", `Your rating of ${item.title}`);
  group.dataset.itemId = item.id;
  for (const value of state.stars) {
    const star = element("button", "star", "★");
    star.type = "button";
    star.dataset.rating = String(value);
    star.setAttribute("aria-label", `${value} star${value === 1 ? "" : "s"}`);
    star.addEventListener("click", () => rate(item, value));
    group.append(star);
  }
  paintStars(group, state.ratings.get(item.id));
  return group;
}

function paintStars(group, rating) {
  for (const star of group.querySelectorAll("button")) {
    const on = rating !== undefined && Number(star.dataset.rating) <= rating;
    star.classList.toggle("on", on);
    star.setAttribute("aria-pressed", String(rating !== undefined && Number(star.dataset.rating) === rating));
  }
}

async function loadModelInfo() {
  try {
    const model = await api("GET", "/v1/model");
    $("model-info").textContent = `Model ${model.version} (${model.family}, ${model.item_count} items, trained ${model.trained_at})`;
    if (model.rating_scale) state.stars = starValues(model.rating_scale);
  } catch (error) {
    $("model-info").textContent = "No model information: " + error.message;
  }
}

/** One star per whole rating the model's scale accepts (at most 10); else its two ends. */
function starValues({ min, max }) {
  const values = [];
  for (let value = Math.ceil(min); value <= max && values.length < 10; value++) values.push(value);
  return values.length >= 2 ? values : [min, max];
}

async function loadFeatures() {
  const { fields } = await api("GET", "/v1/features");
  const container = $("feature-fields");
  container.replaceChildren();
  for (const field of fields) {
    const wrapper = element("div", "field");
    const label = element("label", null, field.name);
    label.htmlFor = `feature-${field.name}`;
    wrapper.append(label, field.kind === "numeric" ? numberControl(field) : selectControl(field));
    container.append(wrapper);
  }
  $("create-user").disabled = false;
}

function selectControl(field) {
  const select = element("select");
  select.id = `feature-${field.name}`;
  select.name = field.name;
  select.append(new Option("(rather not say)", ""));
  for (const value of field.values) select.append(new Option(value, value));
  return select;
}

function numberControl(field) {
  const input = element("input");
  input.type = "number";
  input.step = "any";
  input.id = `feature-${field.name}`;
  input.name = field.name;
  input.placeholder = "(rather not say)";
  return input;
}

async function createUser(event) {
  event.preventDefault();
  const features = {};
  for (const control of $("feature-fields").querySelectorAll("select, input")) {
    if (control.value.trim()) features[control.name] = control.value.trim();
  }
  try {
    const user = await api("POST", "/v1/users", { features });
    state.userId = user.id;
    state.ratings.clear();
    $("user-info").hidden = false;
    $("user-info").textContent = `You are user ${user.id}.`;
    $("user-info").dataset.userId = user.id;
    $("create-user").textContent = "Start again";
    $("rate").hidden = false;
    $("recommend").hidden = false;
    await Promise.all([loadEvidence(), refreshRecommendations()]);
    showStatus("Rate a few items: your recommendations update after each rating.");
  } catch (error) {
    showStatus(error.message, true);
  }
}

async function loadEvidence() {
  const { items } = await api("GET", `/v1/evidence?k=${EVIDENCE}`);
  $("evidence-list").replaceChildren(...items.map((item) => itemEntry(item, { withStars: true })));
}

async function rate(item, rating) {
  if (!state.userId) return;
  try {
    await api("POST", `/v1/users/${encodeURIComponent(state.userId)}/ratings`, { ratings: [{ item: item.id, rating }] });
    state.ratings.set(item.id, rating);
    for (const group of document.querySelectorAll(`.stars[data-item-id="${CSS.escape(item.id)}"]`)) {
      paintStars(group, rating);
    }
    showStatus(`Rated “${item.title}” ${rating} of ${state.stars[state.stars.length - 1]}.`);
    await refreshRecommendations();
  } catch (error) {
    showStatus(error.message, true);
  }
}

/** Fetches the adapted recommendations; a slower earlier request never overwrites a newer one. */
async function refreshRecommendations() {
  const request = ++state.recommendationRequest;
  const result = await api("GET", `/v1/users/${encodeURIComponent(state.userId)}/recommendations?k=${RECOMMENDATIONS}`);
  if (request !== state.recommendationRequest) return;
  const list = $("recommendations");
  list.replaceChildren(...result.items.map((item) => itemEntry(item, { withStars: false, score: item.score })));
  list.dataset.adaptedOn = String(result.adapted_on);
  list.dataset.updates = String(Number(list.dataset.updates) + 1);
  $("adapted-on").textContent = result.adapted_on === 0
    ? "From your profile only: rate items to personalise."
    : `Adapted to your ${result.adapted_on} rating${result.adapted_on > 1 ? "s" : ""}. Scores are predicted ratings.`;
}

function scheduleSearch() {
  clearTimeout(state.searchTimer);
  state.searchTimer = setTimeout(search, 250);
}

async function search() {
  const query = $("search").value.trim();
  const results = $("search-results");
  if (!query) {
    results.replaceChildren();
    return;
  }
  try {
    const page = await api("GET", `/v1/items?q=${encodeURIComponent(query)}&limit=${SEARCH_RESULTS}`);
    results.replaceChildren(...page.items.map((item) => itemEntry(item, { withStars: true })));
    results.dataset.total = String(page.total);
    if (page.total === 0) results.append(element("li", "muted", `No title contains “${query}”.`));
  } catch (error) {
    showStatus(error.message, true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("profile-form").addEventListener("submit", createUser);
  $("search").addEventListener("input", scheduleSearch);
  // the rating scale (from the model) is known before any star is drawn
  loadModelInfo().then(loadFeatures).catch((error) => showStatus(error.message, true));
});
