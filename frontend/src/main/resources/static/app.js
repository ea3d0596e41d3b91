import { applyStaticText, hasKey, language, locale, localized, setLanguage, t } from './i18n.js';

const DEFAULT_CITY = 'beijing';
const DEFAULT_DAYS = 3;
const MAX_DAYS = 7;
const CANARY_MIN = 10;
const CANARY_MAX = 500;
const MAX_IN_FLIGHT = 8;
const CONDITIONS = ['sunny', 'cloudy', 'rain', 'snow', 'storm', 'fog'];
const TONED_VERSIONS = ['v1', 'v2', 'v3'];
const FAILED = 'failed';
const SVG_NS = 'http://www.w3.org/2000/svg';

const state = {
  cities: [],
  filtered: [],
  activeIndex: -1,
  cityId: null,
  days: DEFAULT_DAYS,
  weather: null, // last successful /api/weather body
  error: null, // { message: () => string, retry: () => void }
  request: null, // AbortController of the weather request in flight
  canary: null, // { total, done, counts: Map<version, count>, running, user }
};

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function icon(name, className = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const use = document.createElementNS(SVG_NS, 'use');
  use.setAttribute('href', `#${name}`);
  svg.append(use);
  return svg;
}

function conditionIcon(condition, className) {
  return icon(CONDITIONS.includes(condition) ? `i-${condition}` : 'i-unknown', className);
}

function conditionLabel(condition) {
  return hasKey(`condition.${condition}`) ? t(`condition.${condition}`) : String(condition ?? '');
}

function toneClass(version) {
  if (version === FAILED) return 'tone-failed';
  return TONED_VERSIONS.includes(version) ? `tone-${version}` : 'tone-other';
}

function versionBadge(text, version) {
  return el('span', `badge ${toneClass(version)}`, text);
}

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);
const formatTemp = (value) => (isNumber(value) ? `${Math.round(value)}°` : '–');
const formatPercent = (value) => (isNumber(value) ? `${Math.round(value)}%` : '–');
const formatWind = (value) => (isNumber(value) ? `${Math.round(value)} km/h` : '–');
const cityName = (city) => localized(city?.name) || city?.id || '';

/** Dates like "2026-11-30" are calendar days: format them in UTC so no time zone shifts them. */
function formatDay(isoDate) {
  const [year, month, day] = String(isoDate).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(date.getTime())) return { weekday: String(isoDate ?? ''), date: '' };
  const format = (options) => new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' }).format(date);
  return { weekday: format({ weekday: 'long' }), date: format({ month: 'short', day: 'numeric' }) };
}

/** Observation time in the city's own time zone; falls back to the wall-clock part of the timestamp. */
function formatObserved(isoTime, timeZone) {
  const date = new Date(isoTime);
  if (Number.isNaN(date.getTime())) return String(isoTime ?? '');
  const options = { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone };
  try {
    return new Intl.DateTimeFormat(locale(), options).format(date);
  } catch {
    return String(isoTime).slice(11, 16);
  }
}

class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    Object.assign(this, { status, detail });
  }
}

// Relative URLs keep the page working behind a path prefix (e.g. an ingress route such as /weather/).
// "no-store": every answer must come from the mesh (a cached probe would skew the canary meter), and
// Chrome serialises concurrent requests for the same URL while they may be cacheable.
async function fetchJson(url, signal) {
  const response = await fetch(url, {
    signal,
    cache: 'no-store',
    // The API answers problems (RFC 9457) in the page's language: their detail is shown as given.
    headers: { Accept: 'application/json, application/problem+json', 'Accept-Language': locale() },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok || body === null) throw new ApiError(response.status, body?.detail || body?.title);
  return body;
}

/** Returns a function so that the message can be re-rendered after a language switch. */
function describeError(error) {
  if (error instanceof ApiError) {
    return error.detail ? () => error.detail : () => t('error.http', { status: error.status });
  }
  return () => t('error.network');
}

/** Shows the banner for an error (with a retry action), or hides it when error is null. */
function setError(error, retry) {
  state.error = error ? { message: describeError(error), retry } : null;
  renderError();
}

function renderError() {
  $('error').hidden = !state.error;
  $('error-text').textContent = state.error ? state.error.message() : '';
}

function setLoading(message) {
  $('status').textContent = message;
  $('weather').setAttribute('aria-busy', String(Boolean(message)));
}

function normalize(text) {
  return String(text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function cityMatches(city, query) {
  return [city.name?.en, city.name?.zh, city.id, city.country].some((value) => normalize(value).includes(query));
}

function renderCityList() {
  const query = normalize($('city-search').value.trim());
  state.filtered = query ? state.cities.filter((city) => cityMatches(city, query)) : state.cities;
  state.activeIndex = query && state.filtered.length ? 0 : -1;
  $('city-options').replaceChildren(...state.filtered.map(cityOption));
  $('city-empty').hidden = state.filtered.length > 0 || state.cities.length === 0;
  highlightActive();
}

function cityOption(city, index) {
  const option = el('li', 'city-option');
  option.id = `city-option-${index}`;
  option.setAttribute('role', 'option');
  option.setAttribute('aria-selected', String(city.id === state.cityId));
  option.dataset.city = city.id;
  const other = language() === 'zh' ? city.name?.en : city.name?.zh;
  option.append(el('span', 'city-name', cityName(city)),
    el('span', 'city-meta', [other, city.country].filter(Boolean).join(' · ')));
  option.addEventListener('click', () => selectCity(city.id));
  return option;
}

function highlightActive() {
  const options = $('city-options').children;
  [...options].forEach((option, index) => option.classList.toggle('active', index === state.activeIndex));
  const active = options[state.activeIndex];
  const input = $('city-search');
  if (active) {
    input.setAttribute('aria-activedescendant', active.id);
    active.scrollIntoView({ block: 'nearest' });
  } else {
    input.removeAttribute('aria-activedescendant');
  }
}

function onSearchKey(event) {
  const count = state.filtered.length;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    if (!count) return;
    const start = state.activeIndex >= 0
      ? state.activeIndex
      : state.filtered.findIndex((city) => city.id === state.cityId);
    const step = event.key === 'ArrowDown' ? 1 : -1;
    state.activeIndex = start < 0 ? 0 : Math.min(count - 1, Math.max(0, start + step));
    highlightActive();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    const city = state.filtered[state.activeIndex];
    if (city) selectCity(city.id);
  } else if (event.key === 'Escape' && event.target.value) {
    event.target.value = '';
    renderCityList();
  }
}

function selectCity(id) {
  state.cityId = id;
  $('city-search').value = '';
  renderCityList();
  $('city-options').querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  loadWeather();
}

function renderDaysOptions() {
  const options = Array.from({ length: MAX_DAYS }, (_, i) => new Option(
    t(i === 0 ? 'days.one' : 'days.other', { n: i + 1 }), String(i + 1)));
  $('days').replaceChildren(...options);
  $('days').value = String(state.days);
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  const days = Number(params.get('days'));
  state.days = Number.isInteger(days) && days >= 1 && days <= MAX_DAYS ? days : DEFAULT_DAYS;
  return params.get('city');
}

function writeUrl() {
  const url = new URL(location.href);
  url.searchParams.set('city', state.cityId);
  url.searchParams.set('days', String(state.days));
  history.replaceState(null, '', url);
}

async function loadCities() {
  setLoading(t('city.loading'));
  try {
    const cities = await fetchJson('api/cities');
    state.cities = Array.isArray(cities) ? cities : [];
  } catch (error) {
    setLoading('');
    setError(error, loadCities);
    document.body.dataset.state = 'error';
    return;
  }
  setError(null);
  // A city from the URL is kept even when unknown: the API then explains the problem in the banner.
  const fallback = state.cities.find((city) => city.id === DEFAULT_CITY) ?? state.cities[0];
  state.cityId = state.cityId || fallback?.id || null;
  renderCityList();
  renderCanaryForm();
  $('city-options').querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  if (state.cityId) {
    loadWeather();
  } else {
    setLoading('');
    document.body.dataset.state = 'ready';
  }
}

async function loadWeather() {
  state.request?.abort();
  const request = new AbortController();
  state.request = request;
  writeUrl();
  const city = state.cities.find((c) => c.id === state.cityId);
  setLoading(t('status.loadingWeather', { city: city ? cityName(city) : state.cityId }));
  const query = new URLSearchParams({ city: state.cityId, days: String(state.days) });
  try {
    state.weather = await fetchJson(`api/weather?${query}`, request.signal);
    setError(null);
  } catch (error) {
    if (request.signal.aborted) return; // superseded by a newer request
    state.weather = null;
    setError(error, loadWeather);
  }
  state.request = null;
  setLoading('');
  renderWeather();
  document.body.dataset.state = 'ready';
}

function renderWeather() {
  const weather = state.weather;
  const forecast = weather?.forecast ?? null;
  renderCurrent(weather?.city, forecast?.current);
  renderForecast(forecast);
  $('forecast-unavailable').hidden = !weather || forecast !== null;
  $('weather-empty').hidden = Boolean(weather) || !state.error;
  renderAd(weather?.ad);
  renderRoute(weather?.route);
  document.title = weather?.city ? `${cityName(weather.city)} · ${t('app.title')}` : t('app.title');
}

function renderCurrent(city, current) {
  const card = $('current');
  card.hidden = !current;
  if (!current) return;
  card.dataset.condition = CONDITIONS.includes(current.condition) ? current.condition : 'unknown';
  $('current-city').textContent = cityName(city);
  $('current-observed').textContent = t('current.observed', {
    time: formatObserved(current.observedAt, city?.timeZone),
  });
  $('current-icon').replaceChildren(conditionIcon(current.condition, 'icon-xl'));
  $('current-temp').textContent = isNumber(current.temperature) ? String(Math.round(current.temperature)) : '–';
  $('current-condition').textContent = conditionLabel(current.condition);
  $('current-humidity').textContent = formatPercent(current.humidity);
  $('current-wind').textContent = formatWind(current.windKph);
}

function renderForecast(forecast) {
  $('forecast').hidden = !forecast;
  if (!forecast) return;
  renderServedBy(forecast.servedBy);
  // "recommendations" is absent when forecast v1 answered: then nothing is said about them.
  $('recommendations-note').hidden = forecast.recommendations !== 'unavailable';
  const days = Array.isArray(forecast.days) ? forecast.days : [];
  $('days-list').replaceChildren(...days.map(dayCard));
}

function renderServedBy(servedBy) {
  const target = $('served-by');
  target.replaceChildren();
  if (!servedBy) return;
  target.title = servedBy.instance ?? '';
  target.append(el('span', null, t('forecast.servedBy')), el('span', 'served-service', servedBy.service ?? ''),
    versionBadge(servedBy.version ?? '?', servedBy.version));
}

function dayCard(day) {
  const card = el('li', 'day');
  const { weekday, date } = formatDay(day.date);
  const head = el('div', 'day-head');
  head.append(el('h3', 'day-name', weekday), el('p', 'day-date', date));
  const temps = el('p', 'day-temps');
  temps.append(el('span', 'temp-max', formatTemp(day.maxTemperature)),
    el('span', 'temp-min', formatTemp(day.minTemperature)));
  const stats = el('ul', 'day-stats');
  stats.append(
    stat('i-precipitation', t('stat.precipitation'), formatPercent(day.precipitationChance)),
    stat('i-humidity', t('stat.humidity'), formatPercent(day.humidity)),
    stat('i-wind', t('stat.wind'), formatWind(day.windKph)),
  );
  const visual = el('div', 'day-visual');
  visual.append(conditionIcon(day.condition, 'icon-lg'), temps);
  card.append(head, visual, el('p', 'day-condition', conditionLabel(day.condition)), stats);
  const advice = adviceBlock(day.advice);
  if (advice) card.append(advice);
  return card;
}

function stat(iconName, label, value) {
  const item = el('li', 'stat');
  item.title = label;
  item.append(icon(iconName), el('span', 'sr-only', `${label}: `), el('span', null, value));
  return item;
}

function adviceBlock(advice) {
  if (!advice) return null;
  const rows = ['clothing', 'sport'].filter((kind) => advice[kind]).map((kind) => {
    const row = el('p', 'advice-row');
    row.append(icon(`i-${kind}`), el('span', 'advice-label', t(`advice.${kind}`)),
      el('span', 'advice-text', localized(advice[kind])));
    return row;
  });
  if (!rows.length) return null;
  const block = el('div', 'advice');
  block.append(...rows);
  return block;
}

function renderAd(ad) {
  $('ad').hidden = !ad;
  if (!ad) return;
  $('ad-title').textContent = localized(ad.title);
  $('ad-text').textContent = localized(ad.text);
  const link = $('ad-link');
  const safe = typeof ad.link === 'string' && /^https?:\/\//i.test(ad.link);
  link.hidden = !safe;
  if (safe) link.href = ad.link;
  else link.removeAttribute('href');
}

function renderRoute(route) {
  const paths = Array.isArray(route) ? route.filter((path) => Array.isArray(path) && path.length) : [];
  $('route-empty').hidden = paths.length > 0;
  $('route-paths').replaceChildren(...paths.map(routePath));
}

function routePath(hops) {
  const list = el('ol', 'route-path');
  list.append(...hops.map(hopItem));
  return list;
}

/** What went wrong with a call that got no usable answer: unavailable, timeout, error 503. */
function hopProblem(hop) {
  if (hop.status === 'timeout') return t('route.timeout');
  if (hop.status === 'error') return isNumber(hop.httpStatus) ? t('route.error', { status: hop.httpStatus }) : t('route.errorAny');
  return t('route.unavailable');
}

function hopItem(hop) {
  const down = hop.status !== 'ok';
  const item = el('li', down ? 'hop hop-down' : 'hop');
  item.dataset.service = hop.service ?? '';
  item.dataset.version = hop.version ?? '';
  item.dataset.status = hop.status ?? '';
  if (isNumber(hop.httpStatus)) item.dataset.httpStatus = String(hop.httpStatus);
  const head = el('div', 'hop-head');
  head.append(el('span', 'hop-service', hop.service ?? '?'), down
    ? el('span', 'badge badge-down', hopProblem(hop))
    : versionBadge(hop.version ?? '?', hop.version));
  // the mesh retried: the callee answered the try number Envoy sent it
  if (isNumber(hop.attempt) && hop.attempt > 1) {
    item.dataset.attempt = String(hop.attempt);
    head.append(el('span', 'badge badge-retry', t('route.attempt', { n: hop.attempt })));
  }
  const instance = el('span', 'hop-instance', hop.instance ?? '—');
  instance.title = hop.instance ?? '';
  item.append(head, instance);
  // how long the caller waited for this hop (a delay or a timeout shows here)
  if (isNumber(hop.millis)) item.append(el('span', 'hop-time', t('route.millis', { ms: hop.millis })));
  return item;
}

function canaryCount() {
  const raw = $('canary-count').value.trim();
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= CANARY_MIN && n <= CANARY_MAX ? n : null;
}

/** The user the probes are sent as: '' for none, null when the field is invalid. */
function canaryUser() {
  const raw = $('canary-user').value.trim();
  return /^[A-Za-z0-9_-]{0,32}$/.test(raw) ? raw : null;
}

/** Validates N and the user, updates the button and returns N (or null when invalid). */
function renderCanaryForm() {
  const n = canaryCount();
  const user = canaryUser();
  $('canary-count').setAttribute('aria-invalid', String(n === null));
  $('canary-count-error').hidden = n !== null;
  $('canary-user').setAttribute('aria-invalid', String(user === null));
  $('canary-user-error').hidden = user !== null;
  const button = $('canary-run');
  button.textContent = n === null ? t('canary.runAny') : t('canary.run', { n });
  button.disabled = Boolean(state.canary?.running) || !state.cityId || user === null;
  return user === null ? null : n;
}

function userCookie() {
  const match = document.cookie.match(/(?:^|;\s*)user=([^;]*)/);
  return match ? match[1] : null;
}

function setUserCookie(value) {
  document.cookie = value === null ? 'user=; path=/; max-age=0; SameSite=Strict'
    : `user=${value}; path=/; SameSite=Strict`;
}

/**
 * Runs probes with the cookie user=USER (a browser cannot set a Cookie header on a request
 * itself), then gives the page back the user cookie it had before, or none. The frontend
 * forwards the cookie to forecast (header propagation), so gateway and sidecar rules
 * matching it route the probes.
 */
async function asUser(user, probes) {
  if (!user) return probes();
  const before = userCookie();
  setUserCookie(user);
  try {
    return await probes();
  } finally {
    setUserCookie(before);
  }
}

async function probe(cityId) {
  try {
    const body = await fetchJson(`api/probe?${new URLSearchParams({ city: cityId })}`);
    return typeof body.version === 'string' && body.version ? body.version : FAILED;
  } catch {
    return FAILED;
  }
}

async function runCanary(event) {
  event.preventDefault();
  const total = renderCanaryForm();
  if (total === null || state.canary?.running || !state.cityId) return;
  const user = canaryUser();
  const run = { total, done: 0, counts: new Map([['v1', 0], ['v2', 0]]), running: true, user };
  state.canary = run;
  renderCanaryForm();
  $('canary-status').textContent = '';
  $('canary-bars').replaceChildren();
  renderCanary();
  const cityId = state.cityId;
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      sent += 1;
      const version = await probe(cityId);
      run.counts.set(version, (run.counts.get(version) ?? 0) + 1);
      run.done += 1;
      renderCanary();
    }
  };
  await asUser(user, () => Promise.all(Array.from({ length: Math.min(MAX_IN_FLIGHT, total) }, worker)));
  run.running = false;
  renderCanaryForm();
  $('canary-status').textContent = t('canary.finished', { n: total });
}

function sortedOutcomes(counts) {
  const rank = (version) => (version === FAILED ? 1 : 0);
  return [...counts.entries()]
    .filter(([version, count]) => version !== FAILED || count > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }));
}

function renderCanary() {
  const run = state.canary;
  $('canary-idle').hidden = Boolean(run);
  if (!run) return;
  $('canary-progress').textContent = `${run.done} / ${run.total}` + (run.user ? ` (${t('canary.asUser', { user: run.user })})` : '');
  const container = $('canary-bars');
  sortedOutcomes(run.counts).forEach(([version, count], index) => {
    const bar = [...container.children].find((b) => b.dataset.version === version) ?? createBar(version);
    // Only move bars that are out of place, so that the width transition keeps running.
    if (container.children[index] !== bar) container.insertBefore(bar, container.children[index] ?? null);
    updateBar(bar, version, count, run.done);
  });
}

function createBar(version) {
  const bar = el('div', 'bar');
  bar.dataset.version = version;
  const track = el('div', 'bar-track');
  track.append(el('div', `bar-fill ${toneClass(version)}`));
  bar.append(el('span', 'bar-label'), track, el('span', 'count'), el('span', 'percent'));
  return bar;
}

function updateBar(bar, version, count, done) {
  const share = done ? (count / done) * 100 : 0;
  const label = bar.querySelector('.bar-label');
  label.replaceChildren(version === FAILED
    ? el('span', 'badge badge-down', t('canary.failed'))
    : versionBadge(version, version));
  bar.querySelector('.bar-fill').style.width = `${share}%`;
  bar.querySelector('.count').textContent = String(count);
  bar.querySelector('.percent').textContent = `${Math.round(share)}%`;
}

function applyLanguage() {
  document.documentElement.lang = locale();
  applyStaticText();
  document.querySelectorAll('#lang-switch [data-lang]').forEach((span) => {
    span.classList.toggle('active', span.dataset.lang === language());
  });
  renderDaysOptions();
  renderCityList();
  renderWeather();
  renderError();
  renderCanaryForm();
  renderCanary();
}

function bindEvents() {
  $('lang-switch').addEventListener('click', () => {
    setLanguage(language() === 'en' ? 'zh' : 'en');
    applyLanguage();
  });
  $('city-search').addEventListener('input', renderCityList);
  $('city-search').addEventListener('keydown', onSearchKey);
  $('days').addEventListener('change', (event) => {
    state.days = Number(event.target.value);
    if (state.cityId) loadWeather();
  });
  $('error-retry').addEventListener('click', () => state.error?.retry());
  $('canary-count').addEventListener('input', renderCanaryForm);
  $('canary-user').addEventListener('input', renderCanaryForm);
  $('canary-form').addEventListener('submit', runCanary);
}

state.cityId = readUrl();
applyLanguage();
bindEvents();
loadCities();
