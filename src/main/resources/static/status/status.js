// The public status page: asks POST /api/public/application-status and shows the answer. No external
// scripts; the ID number travels in the request body only (never in the address).
(function () {
  'use strict';

  var API = '../api/public/application-status';

  // the applicant's path, in order; each status marks where it stands on it
  var STEPS = ['已受理', '审核制卡', '配送中', '可领卡', '已领卡', '已激活'];
  var STEP_OF = {
    REGISTERED: 0, REJECTED: 0, SUBMITTED: 1, INELIGIBLE: 1, CARD_MADE: 2, IN_TRANSIT: 2,
    AT_ISSUING_UNIT: 3, ISSUED: 4, ACTIVATED: 5
  };
  var TONE = {
    REJECTED: 'warn', INELIGIBLE: 'warn', RECOVERED: 'warn', WITHDRAWN: 'stop',
    AT_ISSUING_UNIT: 'good', ISSUED: 'good', ACTIVATED: 'good'
  };

  var form = document.getElementById('query');
  var idInput = document.getElementById('idNumber');
  var phoneInput = document.getElementById('phoneLast4');
  var button = document.getElementById('submit');
  var error = document.getElementById('error');
  var result = document.getElementById('result');

  function show(el, visible) { el.hidden = !visible; }
  function text(id, value) { document.getElementById(id).textContent = value || ''; }

  function showError(message) {
    error.textContent = message;
    show(error, true);
    show(result, false);
  }

  function formatDate(iso) {
    var p = iso.split('-');
    return Number(p[0]) + '年' + Number(p[1]) + '月' + Number(p[2]) + '日';
  }

  function addDetail(list, label, value) {
    if (!value) { return; }
    var dt = document.createElement('dt');
    dt.textContent = label;
    var dd = document.createElement('dd');
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function render(view) {
    show(error, false);
    result.className = 'panel result';
    var details = document.getElementById('details');
    details.textContent = '';
    var steps = document.getElementById('steps');
    steps.textContent = '';
    if (!view.found) {
      result.classList.add('stop');
      result.dataset.status = 'NOT_FOUND';
      text('badge', '未查到');
      text('title', '未查询到申请');
      text('description', view.message);
      show(steps, false);
      show(document.getElementById('advice'), false);
      show(result, true);
      if (result.scrollIntoView) { result.scrollIntoView({ behavior: 'smooth', block: 'start' }); }
      return;
    }
    result.dataset.status = view.status;
    if (TONE[view.status]) { result.classList.add(TONE[view.status]); }
    text('badge', '当前进度');
    text('title', view.title);
    text('description', view.description);

    var at = STEP_OF[view.status];
    if (at !== undefined) {
      STEPS.forEach(function (label, i) {
        var li = document.createElement('li');
        li.textContent = label;
        if (i < at || (i === at && view.status === 'ACTIVATED')) { li.className = 'done'; }
        else if (i === at) { li.className = 'current'; }
        steps.appendChild(li);
      });
    }
    show(steps, at !== undefined);

    addDetail(details, '不能制卡的原因', view.reasonText);
    if (view.collection) {
      addDetail(details, '领卡地点', view.collection.place);
      addDetail(details, '请在此日期前领取', formatDate(view.collection.until));
    }
    addDetail(details, '卡片位置', view.cardLocation);
    if (!view.collection || view.collection.place !== view.unitName) {
      addDetail(details, '受理单位', view.unitName);
    }
    addDetail(details, '申请编号', view.applicationNumber);
    addDetail(details, '更新日期', view.updatedOn ? formatDate(view.updatedOn) : null);

    text('adviceText', view.advice);
    show(document.getElementById('advice'), !!view.advice);
    show(result, true);
    if (result.scrollIntoView) { result.scrollIntoView({ behavior: 'smooth', block: 'start' }); }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var idNumber = idInput.value.replace(/\s+/g, '').toUpperCase();
    var phoneLast4 = phoneInput.value.replace(/\s+/g, '');
    if (!/^[0-9]{17}[0-9X]$/.test(idNumber)) {
      showError('请输入正确的18位身份证号码（最后一位可能是 X）。');
      idInput.focus();
      return;
    }
    if (!/^[0-9]{4}$/.test(phoneLast4)) {
      showError('请输入申请时所留手机号码的后4位数字。');
      phoneInput.focus();
      return;
    }
    button.disabled = true;
    button.textContent = '查询中…';
    fetch(API, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ idNumber: idNumber, phoneLast4: phoneLast4 }),
      credentials: 'omit'
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          render(body);
        } else {
          showError(body.message || '查询暂时不可用，请稍后再试。');
        }
      });
    }).catch(function () {
      showError('网络连接失败，请检查网络后再试。');
    }).then(function () {
      button.disabled = false;
      button.textContent = '查询';
    });
  });
})();
