// UI dictionary and language helpers. City names, ads and advice come from the API in both languages.

const MESSAGES = {
  'app.title': { en: 'Weather Forecast', zh: '天气预报' },
  'app.subtitle': { en: 'A service-mesh canary release demo', zh: '服务网格灰度发布演示' },
  'lang.switch': { en: 'Switch language to Chinese', zh: '切换语言为英文' },

  'city.heading': { en: 'City', zh: '城市' },
  'city.search': { en: 'Search a city', zh: '搜索城市' },
  'city.placeholder': { en: 'Name, country or id', zh: '名称、国家或编号' },
  'city.none': { en: 'No matching city', zh: '没有匹配的城市' },
  'city.loading': { en: 'Loading cities…', zh: '正在加载城市…' },
  'days.label': { en: 'Forecast length', zh: '预报天数' },
  'days.one': { en: '{n} day', zh: '{n} 天' },
  'days.other': { en: '{n} days', zh: '{n} 天' },

  'weather.empty': { en: 'No weather to show yet. Pick a city from the list.',
    zh: '暂无天气数据，请从列表中选择城市。' },
  'current.heading': { en: 'Current weather', zh: '当前天气' },
  'current.observed': { en: 'Observed {time} local time', zh: '当地时间 {time} 观测' },
  'stat.humidity': { en: 'Humidity', zh: '湿度' },
  'stat.wind': { en: 'Wind', zh: '风速' },
  'stat.precipitation': { en: 'Precipitation', zh: '降水概率' },

  'forecast.heading': { en: 'Daily forecast', zh: '逐日预报' },
  'forecast.servedBy': { en: 'Served by', zh: '服务版本' },
  'forecast.unavailable': { en: 'The forecast service is unavailable. Try again in a moment.',
    zh: '天气预报服务暂不可用，请稍后再试。' },
  'forecast.recommendationsUnavailable': { en: 'Recommendations are unavailable right now.',
    zh: '生活建议暂时不可用。' },
  'advice.clothing': { en: 'Clothing', zh: '穿衣' },
  'advice.sport': { en: 'Sport', zh: '运动' },

  'condition.sunny': { en: 'Sunny', zh: '晴' },
  'condition.cloudy': { en: 'Cloudy', zh: '多云' },
  'condition.rain': { en: 'Rain', zh: '雨' },
  'condition.snow': { en: 'Snow', zh: '雪' },
  'condition.storm': { en: 'Thunderstorm', zh: '雷暴' },
  'condition.fog': { en: 'Fog', zh: '雾' },

  'ad.label': { en: 'Sponsored', zh: '广告' },
  'ad.more': { en: 'Learn more', zh: '了解更多' },

  'route.heading': { en: 'Request route', zh: '请求路径' },
  'route.hint': { en: 'Each row is one call chain through the mesh, in call order.',
    zh: '每一行是网格中的一条调用链，按调用顺序排列。' },
  'route.empty': { en: 'The route appears after the first request.', zh: '首次请求完成后显示路径。' },
  'route.unavailable': { en: 'unavailable', zh: '不可用' },
  'route.timeout': { en: 'timeout', zh: '超时' },
  'route.error': { en: 'error {status}', zh: '错误 {status}' },
  'route.errorAny': { en: 'error', zh: '错误' },
  'route.millis': { en: '{ms} ms', zh: '{ms} 毫秒' },
  'route.attempt': { en: 'try {n}', zh: '第 {n} 次尝试' },

  'canary.heading': { en: 'Canary meter', zh: '灰度流量' },
  'canary.hint': { en: 'Sends probe requests and counts which forecast version answers each one.',
    zh: '发送探测请求，统计每个请求由哪个天气预报服务版本响应。' },
  'canary.count': { en: 'Number of requests', zh: '请求数量' },
  'canary.invalid': { en: 'Enter a whole number from 10 to 500.', zh: '请输入 10 到 500 之间的整数。' },
  'canary.run': { en: 'Send {n} requests', zh: '发送 {n} 个请求' },
  'canary.runAny': { en: 'Send requests', zh: '发送请求' },
  'canary.idle': { en: 'No probes sent yet.', zh: '尚未发送探测请求。' },
  'canary.failed': { en: 'failed', zh: '失败' },
  'canary.finished': { en: 'Finished: {n} requests sent.', zh: '完成：已发送 {n} 个请求。' },
  'canary.user': { en: 'Send as user (cookie user=…)', zh: '以用户身份发送（Cookie user=…）' },
  'canary.userHint': {
    en: 'Empty: the probes carry no user cookie. A name: each probe carries the cookie user=NAME, which the '
      + "mesh's rules can match (for example user=tester in the tester canary).",
    zh: '留空：探测请求不带用户 Cookie。填写名字：每个探测请求都带 Cookie user=名字，网格的路由规则可以匹配它'
      + '（例如测试人员灰度中的 user=tester）。',
  },
  'canary.userInvalid': { en: 'Letters, digits, - and _ only, at most 32.', zh: '只能使用字母、数字、- 和 _，最多 32 个字符。' },
  'canary.asUser': { en: 'as user {user}', zh: '用户 {user}' },

  'status.loadingWeather': { en: 'Loading the weather for {city}…', zh: '正在加载{city}的天气…' },
  'error.network': { en: 'The server could not be reached. Check the connection and try again.',
    zh: '无法连接服务器，请检查网络后重试。' },
  'error.http': { en: 'The request failed (HTTP {status}).', zh: '请求失败（HTTP {status}）。' },
  'error.retry': { en: 'Try again', zh: '重试' },
  'footer.text': { en: 'Every request travels through the service mesh: watch the route change as traffic shifts.',
    zh: '每个请求都经过服务网格：流量切换时，请留意请求路径的变化。' },
};

const STORAGE_KEY = 'weather-forecast.lang';
let current = initialLanguage();

function initialLanguage() {
  const saved = readSaved();
  if (saved === 'en' || saved === 'zh') return saved;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language || 'en'];
  return preferred.some((tag) => /^zh\b/i.test(tag)) ? 'zh' : 'en';
}

// localStorage throws in some privacy modes; the language choice is then simply not remembered.
function readSaved() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function language() {
  return current;
}

/** BCP 47 tag for <html lang> and Intl formatters. */
export function locale() {
  return current === 'zh' ? 'zh-CN' : 'en';
}

export function setLanguage(lang) {
  current = lang === 'zh' ? 'zh' : 'en';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // not remembered, see readSaved()
  }
}

/** Translates a key, replacing {name} placeholders with params. Unknown keys are returned as-is. */
export function t(key, params = {}) {
  const entry = MESSAGES[key];
  if (!entry) return key;
  return (entry[current] ?? entry.en).replace(/\{(\w+)\}/g, (match, name) =>
    name in params ? String(params[name]) : match);
}

export function hasKey(key) {
  return key in MESSAGES;
}

/** Picks the current language from an API field like {"en": "...", "zh": "..."}. */
export function localized(field) {
  if (field == null) return '';
  if (typeof field === 'string') return field;
  return field[current] ?? field.en ?? Object.values(field)[0] ?? '';
}

/** Fills elements marked with data-i18n (text), data-i18n-placeholder and data-i18n-label (aria-label). */
export function applyStaticText(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  });
}
