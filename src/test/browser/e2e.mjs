// End-to-end scenarios in a real browser (Debian's Chromium, headless, locale zh-CN): the people of the
// campaign using Tasklist, the forms and Cockpit as they see them. Run by BrowserEndToEndTest (mvn verify)
// against the whole application, or by hand:
//   node e2e.mjs --base-url http://localhost:8080 --out ../../../target/browser-screenshots
// Every user action goes through the browser. The engine's REST API (as the demo administrator) is read to
// learn ids and to wait for what the job executor does in the background, and used once as the clock: the
// town submission's polling timer (due an hour later) is executed at once.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const options = parseArguments(process.argv.slice(2));
const BASE = (options['base-url'] ?? 'http://localhost:8080').replace(/\/$/, '');
const OUT = path.resolve(options.out ?? 'screenshots');
const CHROMIUM = options.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = options.password ?? 'demo';
const ADMIN = options.admin ?? 'demo';
const STEP_TIMEOUT = 30_000;

const TASKLIST = `${BASE}/camunda/app/tasklist/default/`;

/** What the scenarios hand to each other. */
const state = {};
let shotNumber = 0;

// ---------------------------------------------------------------------------------------------- scenarios

const scenarios = [
  ['Tasklist login page is in Chinese', async ({ browser }) => {
    const page = await newPage(browser);
    await page.goto(`${TASKLIST}#/login`);
    await expectVisible(page.locator('input[type="text"][placeholder="用户名"]'));
    await expectVisible(page.locator('input[type="password"][placeholder="密码"]'));
    await expectVisible(page.getByRole('button', { name: '登录' }));
    await shot(page, 'tasklist-login');
    // wrong password: the Chinese error, not the English one (with a user no later scenario needs:
    // the engine delays that user's next login after a failure)
    await page.locator('input[type="text"]').fill('nancun');
    await page.locator('input[type="password"]').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('登录失败').first().waitFor();
    await shot(page, 'tasklist-login-failed');
    await page.context().close();

    // English stays available: a browser set to English gets the English webapps
    const english = await browser.newContext({ locale: 'en-US' });
    const englishPage = await english.newPage();
    await englishPage.goto(`${TASKLIST}#/login`);
    await expectVisible(englishPage.locator('input[type="text"][placeholder="Username"]'));
    await english.close();
  }],

  ['the administrator manages users and groups in Admin, in Chinese', async ({ browser }) => {
    const page = await login(browser, 'admin', ADMIN);
    await page.getByRole('link', { name: '用户', exact: true }).first().click();
    await page.getByText('用户列表').first().waitFor();
    await expectVisible(page.getByText('village', { exact: true }));
    await shot(page, 'admin-users');
    await page.getByRole('link', { name: '组', exact: true }).first().click();
    await expectVisible(page.getByText('town-440113007', { exact: true }));
    await shot(page, 'admin-groups');
  }],

  ['village committee registers an individual application in Tasklist', async ({ browser }) => {
    const applicant = newApplicant();
    state.applicant = applicant;
    const page = await login(browser, 'tasklist', 'village');
    await expectVisible(page.getByText('本单位待办').first());
    await shot(page, 'village-tasklist');

    const dialog = await startProcess(page, '个人申领社保卡');
    // the start form: the Camunda Form individual-registration, rendered by form-js
    const form = dialog.locator('.fjs-container');
    await form.getByLabel(/^姓名/).fill(applicant.name);
    await form.getByLabel('男', { exact: true }).check();
    await form.getByLabel(/^身份证号码/).fill(applicant.idNumber);
    await form.getByLabel(/^联系电话/).fill(applicant.phone);
    await chooseOption(form, '金融服务银行', '中国工商银行');
    await shot(page, 'village-registration-form');
    await submitStartForm(dialog);

    // the instance: started by this user, found through the engine (read only)
    const instance = await waitFor('the new individual-issuance instance', async () => {
      const list = await rest('/process-instance?processDefinitionKey=individual-issuance');
      for (const candidate of list) {
        const vars = await rest(`/process-instance/${candidate.id}/variables?deserializeValues=false`);
        if (vars.name?.value === applicant.name || vars.applicantName?.value === applicant.name) return candidate;
      }
      return null;
    });
    state.individualInstanceId = instance.id;
    const task = await waitForTask(instance.id, 'Task_UploadScan');
    await shot(page, 'village-after-start');

    // the upload task: from the unit's list, claim, attach the scanned form, complete
    await openTaskFromList(page, task);
    await page.getByText('上传登记表扫描件').first().waitFor();
    await page.getByRole('button', { name: '认领' }).click();
    const scan = await registrationScanPdf(browser, applicant);
    const upload = page.locator('input[type="file"]#registrationScan');
    await embeddedFormRendered(page, upload);
    await expectVisible(page.getByText(applicant.name).first());
    // completing without the scan is refused in the form, in Chinese, and the task stays
    await page.getByRole('button', { name: '完成', exact: true }).click();
    await page.getByText('请选择登记表扫描件。').waitFor();
    await shot(page, 'village-upload-refused-without-scan');
    await upload.setInputFiles(scan);
    await page.getByText('请选择登记表扫描件。').waitFor({ state: 'hidden' });
    await shot(page, 'village-upload-scan');
    await page.getByRole('button', { name: '完成', exact: true }).click();
    await page.locator(`a[href*="task=${task.id}"]`).waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
    await shot(page, 'village-upload-done');

    const after = await waitFor('the application waiting for the town submission', async () => {
      const tasks = await rest(`/task?processInstanceId=${instance.id}`);
      const activities = await activeActivities(instance.id);
      return tasks.length === 0 && activities.length > 0 ? activities : null;
    });
    state.individualActivities = after;
    await page.context().close();
  }],

  ['town starts the submission, checks the aggregated applications; the affairs office approves', async ({ browser }) => {
    const town = await login(browser, 'tasklist', 'shiqiao');
    const dialog = await startProcess(town, '镇街汇总报送制卡申请');
    await shot(town, 'town-start-submission');
    await submitStartForm(dialog);
    const submission = await waitFor('the town submission started by shiqiao', async () => {
      const list = await rest('/history/process-instance?processDefinitionKey=town-submission&startedBy=shiqiao'
        + '&sortBy=startTime&sortOrder=desc');
      return list[0] ?? null;
    });
    state.townSubmissionId = submission.id;

    const check = await waitForTask(submission.id, 'Task_TownCheck');
    await workOnTask(town, check, '镇街核对汇总申请', async (form) => {
      // opens pre-filled: the batch, the town, the count, the decision that moves the work on
      await expectValue(form.getByLabel(/^镇（街）/), /石楼|市桥|.+/);
      const count = Number(await form.getByLabel(/^本批申请数/).inputValue());
      if (!(count >= 1)) throw new Error(`the town check shows ${count} applications, expected at least 1`);
      await expectChecked(form.getByLabel('APPROVE', { exact: true }).or(form.getByLabel(/同意/).first()));
    });
    await town.context().close();

    const affairs = await login(browser, 'tasklist', 'affairs');
    const review = await waitForTask(submission.id, 'Task_AffairsCheck');
    await workOnTask(affairs, review, '区政务办核对并报送');
    await affairs.context().close();
  }],

  ['the City Card Centre makes the card; the card office receives it', async ({ browser }) => {
    // the job executor submits to the simulator, which makes the card and calls back
    await waitFor('the card made (the application waits for it at the village)', async () => {
      const activities = await activeActivities(state.individualInstanceId);
      return activities.includes('Task_AwaitCardAtVillage') ? activities : null;
    }, 90_000);
    // the town submission collects the results when its polling timer comes due: let that time pass now
    await fireTimers(state.townSubmissionId);
    const handover = await waitFor('cards handed over to the District Card Office', async () => {
      const tasks = await rest('/task?processDefinitionKey=card-handover&taskDefinitionKey=Task_ConfirmReceipt'
        + '&candidateGroup=district-card-office');
      return tasks[0] ?? null;
    }, 90_000);
    state.cardOfficeHandover = handover;
    const office = await login(browser, 'tasklist', 'cardoffice');
    await workOnTask(office, handover, '接收卡片并核对数量', async (form) => {
      const sent = await form.getByLabel(/^交出数量/).inputValue();
      await expectValue(form.getByLabel(/^实收数量/), new RegExp(`^${sent}$`));
    });
    await office.context().close();
  }],

  ['the card office follows the application in Cockpit: the diagram shows where it is', async ({ browser }) => {
    // where the engine says the application is; the model says it waits for its card at the village
    const activities = await activeActivities(state.individualInstanceId);
    if (!activities.includes('Task_AwaitCardAtVillage')) {
      throw new Error(`the application is at ${activities}, expected Task_AwaitCardAtVillage`);
    }
    // twice the pixels: the screenshot of the diagram is read at close range
    const page = await login(browser, 'cockpit', 'cardoffice', { deviceScaleFactor: 2 });
    await page.getByText('运行中的流程实例').first().waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'cockpit-dashboard');
    await page.getByRole('link', { name: '流程', exact: true }).first().click();
    await page.getByText('个人申领社保卡').first().click();
    await page.locator(`a[href*="process-instance/${state.individualInstanceId}"]`).first().click();
    await page.waitForURL(new RegExp(`process-instance/${state.individualInstanceId}`));
    await page.getByText('实例 ID：').first().waitFor();
    // the bpmn-js canvas: a running-instance badge on the activity, none on the activities already passed
    const badge = page.locator(`.djs-overlays[data-container-id="Task_AwaitCardAtVillage"] .badge.instance-count`);
    await badge.waitFor({ timeout: STEP_TIMEOUT });
    const count = (await badge.first().innerText()).trim();
    if (count !== '1') throw new Error(`the badge on Task_AwaitCardAtVillage shows ${count}, expected 1`);
    const stale = page.locator('.djs-overlays[data-container-id="Task_UploadScan"] .badge.instance-count');
    if (await stale.count() > 0) throw new Error('the diagram still shows the instance at Task_UploadScan');
    await expectVisible(page.locator('g[data-element-id="Task_AwaitCardAtVillage"]'));
    await expectVisible(page.getByText('变量', { exact: true }));
    await shot(page, 'cockpit-instance-diagram');
    await shotAround(page, page.locator('g[data-element-id="Task_AwaitCardAtVillage"]'), 'cockpit-diagram-detail');
  }],

  ['the card travels to the town and the village; the village hands it to the applicant', async ({ browser }) => {
    const town = await login(browser, 'tasklist', 'shiqiao');
    const toTown = await waitForGroupTask('card-handover', 'Task_ConfirmReceipt', 'town-440113007');
    await workOnTask(town, toTown, '接收卡片并核对数量', async (form) => {
      await expectValue(form.getByLabel(/^接收单位/), /市桥/);
    });
    await town.context().close();

    const village = await login(browser, 'tasklist', 'village');
    const toVillage = await waitForGroupTask('card-handover', 'Task_ConfirmReceipt', 'village-440113007901');
    await workOnTask(village, toVillage, '接收卡片并核对数量');

    // the applicant comes to the committee, checks the card's data and takes it
    const collect = await waitForTask(state.individualInstanceId, 'Task_CollectCard');
    await workOnTask(village, collect, '申请人核对并领卡', async (form) => {
      await expectValue(form.getByLabel(/^申请人/), new RegExp(`^${state.applicant.name}$`));
      await expectValue(form.getByLabel(/^社保卡卡号/), /\S+/);
    });
    await waitFor('the card issued (waiting for the bank activation)', async () => {
      const activities = await activeActivities(state.individualInstanceId);
      return activities.includes('Task_AwaitActivation') ? activities : null;
    });
    await village.context().close();
  }],

  ['a school uploads its batch with photos; the education bureau and the card office approve it', async ({ browser }) => {
    const school = await login(browser, 'tasklist', 'school');
    const dialog = await startProcessWithEmbeddedForm(school, '集体申领社保卡');
    const students = [newApplicant(2014, '王'), newApplicant(2014, '李')];
    const files = await schoolBatchFiles(browser, students);
    await dialog.locator('input[type="file"]#batchFile').setInputFiles(files.csv);
    await dialog.locator('input[type="file"]#photoArchive').setInputFiles(files.zip);
    await shot(school, 'school-batch-upload');
    await submitStartForm(dialog);
    const batch = await waitFor('the collective batch started by school', async () => {
      const list = await rest('/history/process-instance?processDefinitionKey=collective-issuance&startedBy=school'
        + '&sortBy=startTime&sortOrder=desc');
      return list[0] ?? null;
    });
    state.collectiveInstanceId = batch.id;
    await school.context().close();

    const department = await login(browser, 'tasklist', 'edu');
    const review = await waitForTask(batch.id, 'Task_DepartmentReview');
    await workOnTask(department, review, '职能部门审核汇总批次', async (form) => {
      await expectValue(form.getByLabel(/^受理记录数/), /^2$/);
    });
    await department.context().close();

    const office = await login(browser, 'tasklist', 'cardoffice');
    const officeReview = await waitForTask(batch.id, 'Task_CardOfficeReview');
    await workOnTask(office, officeReview, '区卡办按部门', async (form) => {
      await expectValue(form.getByLabel(/^申领单位/), /市桥中心小学/);
    });
    await office.context().close();
    await waitFor('the batch submitted to the City Card Centre', async () => {
      const activities = await activeActivities(batch.id).catch(() => []);
      const done = (await rest(`/history/activity-instance?processInstanceId=${batch.id}&activityId=Task_SubmitPart`));
      return done.length > 0 ? activities : null;
    });
  }],

  ['the ineligible of a submission come back as one list; the village cannot send the same data again', async ({ browser }) => {
    // two people of the village whose ID cards were issued outside Guangzhou, registered by the village's own tool
    const people = [newApplicant(1985, '赵', '110105'), newApplicant(1987, '孙', '110105')];
    const numbers = [];
    for (const person of people) {
      const answer = await api('village', '/api/individual-applications', {
        name: person.name, gender: '男', idNumber: person.idNumber, phone: person.phone, bank: '中国工商银行',
        residency: '户籍', villageCode: '440113007901', photoSource: 'POLICE', holdsGuangzhouIdCard: true,
      });
      numbers.push(answer.applicationNumber);
    }
    const town = await login(browser, 'tasklist', 'shiqiao');
    await submitStartForm(await startProcess(town, '镇街汇总报送制卡申请'));
    const submission = await waitFor('the town submission', async () => {
      const list = await rest('/history/process-instance?processDefinitionKey=town-submission&startedBy=shiqiao'
        + '&sortBy=startTime&sortOrder=desc');
      return list[0]?.id !== state.townSubmissionId ? list[0] : null;
    });
    await workOnTask(town, await waitForTask(submission.id, 'Task_TownCheck'), '镇街核对汇总申请');
    const affairs = await login(browser, 'tasklist', 'affairs');
    await workOnTask(affairs, await waitForTask(submission.id, 'Task_AffairsCheck'), '区政务办核对并报送');
    await waitFor('the centre\'s answers', async () => {
      const statuses = await Promise.all(numbers.map((n) => applicationStatus(n)));
      return statuses.every((st) => st === 'INELIGIBLE') ? statuses : null;
    }, 90_000);
    await fireTimers(submission.id);

    // one task at the card office, listing both; then one at the town
    const list = await waitFor('the list at the card office', async () => {
      const tasks = await rest('/task?processDefinitionKey=ineligible-feedback&taskDefinitionKey=Task_CardOfficeFeedback'
        + `&processInstanceBusinessKey=${submission.businessKey}`);
      return tasks[0] ?? null;
    });
    const office = await login(browser, 'tasklist', 'cardoffice');
    await workOnTask(office, list, '区卡办反馈不合格名单', async (form) => {
      const text = await form.getByLabel(/^名单与原因/).inputValue();
      for (const n of numbers) if (!text.includes(n)) throw new Error(`the list lacks ${n}: ${text}`);
      await expectValue(form.getByLabel(/^人数/), /^2$/);
    });
    const relay = await waitFor('the list at the town', async () => {
      const tasks = await rest('/task?processDefinitionKey=ineligible-feedback&taskDefinitionKey=Task_RelayFeedback'
        + `&processInstanceBusinessKey=${submission.businessKey}`);
      return tasks[0] ?? null;
    });
    await workOnTask(town, relay, '转达不合格名单');

    // the village decides per person: as it opens (police photo again) the form is refused with the reason
    const village = await login(browser, 'tasklist', 'village');
    const instance = (await rest(`/process-instance?businessKey=${numbers[0]}`))[0];
    const followUp = await waitForTask(instance.id, 'Task_InformApplicant');
    await openTaskFromList(village, followUp);
    await village.getByRole('button', { name: '认领' }).click();
    const form = village.locator('.fjs-container').first();
    await form.waitFor();
    await village.getByRole('button', { name: '完成', exact: true }).click();
    await village.getByText('须提供新的照片').first().waitFor({ timeout: STEP_TIMEOUT });
    await shot(village, 'village-follow-up-refused');
    // a photo studio's receipt: accepted, the application waits for the next submission
    await form.getByLabel('照相馆拍照（填写回执号）', { exact: true }).check();
    await form.getByLabel(/^照相馆回执号/).fill('ZX-2013-0042');
    await form.getByLabel(/^照相馆回执号/).press('Tab');
    // form-js takes a typed value into its data after a short debounce: a clerk's next click comes later too
    await village.waitForTimeout(800);
    // the error notification stays over the page until it fades: the clerk's click reaches the button anyway
    const complete = village.getByRole('button', { name: '完成', exact: true });
    await waitFor('the 完成 button enabled again', async () => (await complete.isEnabled()) ? true : null);
    await complete.dispatchEvent('click');
    await village.locator(`a[href*="task=${followUp.id}"]`).waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
    await waitFor('the corrected application registered again', async () =>
      (await applicationStatus(numbers[0])) === 'REGISTERED' ? true : null);
  }],
];

// ------------------------------------------------------------------------------------------------- runner

async function main() {
  // the applicants' ID numbers must be valid: the check character against the reference's worked examples
  if (checkCharacter('44011319900307123') !== '5' || checkCharacter('44011319880808109') !== 'X') {
    throw new Error('checkCharacter disagrees with the worked examples of GB 11643-1999 (IdNumber.java)');
  }
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-dev-shm-usage', '--lang=zh-CN'],
    // Chromium's own strings (the file chooser's 选择文件) follow the environment's language on Linux
    env: { ...process.env, LANGUAGE: 'zh_CN:zh', LANG: 'zh_CN.UTF-8' },
  });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const started = Date.now();
  try {
    for (const [name, scenario] of scenarios) {
      if (failed > 0) {
        // later scenarios build on earlier ones
        console.log(`ok - ${name} # SKIP an earlier scenario failed`);
        skipped++;
        continue;
      }
      const t0 = Date.now();
      try {
        await scenario({ browser });
        passed++;
        console.log(`ok - ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed++;
        console.log(`not ok - ${name}`);
        console.log(indent(error.stack ?? String(error)));
        for (const context of browser.contexts()) {
          for (const page of context.pages()) {
            await shot(page, 'FAILED').catch(() => {});
          }
        }
      } finally {
        for (const context of browser.contexts()) await context.close().catch(() => {});
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`browser scenarios: ${passed} passed, ${failed} failed, ${skipped} skipped`
    + ` in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${OUT}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

// ------------------------------------------------------------------------------------------------ helpers

async function newPage(browser, deviceScaleFactor = 1) {
  // a fresh context per person: own cookies, Chinese browser language (navigator.language = zh-CN)
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 }, deviceScaleFactor });
  context.setDefaultTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`  [page error] ${error.message}`));
  return page;
}

/** Logs a demo user into one of the webapps (their login inputs have no name attribute: by type). */
async function login(browser, app, user, { password = PASSWORD, deviceScaleFactor = 1 } = {}) {
  const page = await newPage(browser, deviceScaleFactor);
  page.context().user = user; // names the screenshots
  await page.goto(`${BASE}/camunda/app/${app}/default/#/login`);
  const name = page.locator('input[type="text"]');
  const secret = page.locator('input[type="password"]');
  // on a loaded machine the login page may still be settling while we type (a value lands in the wrong input):
  // type again until both inputs hold what was typed, and log in again if the page stays
  for (let attempt = 1; ; attempt++) {
    await name.fill(user);
    await secret.fill(password);
    if (await name.inputValue() !== user || await secret.inputValue() !== password) {
      if (attempt >= 5) throw new Error(`the login page of ${app} does not keep what is typed`);
      continue;
    }
    await page.getByRole('button', { name: '登录' }).click();
    try {
      await secret.waitFor({ state: 'detached', timeout: attempt < 3 ? STEP_TIMEOUT / 3 : STEP_TIMEOUT });
      return page;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** Clicks 发起流程, picks the process by its Chinese name; returns the dialog with its start form. */
async function startProcess(page, processName) {
  await page.getByText('发起流程', { exact: true }).first().click();
  const dialog = page.locator('.modal-dialog');
  await dialog.getByText(processName, { exact: true }).first().click();
  await dialog.locator('.fjs-container').first().waitFor({ timeout: STEP_TIMEOUT });
  return dialog;
}

/**
 * Starts the process with the dialog's 开始 button. Tasklist closes the dialog once the engine has started it
 * (its 流程已启动。 shows for 3 s only: too short to wait for on a loaded machine); a refused start keeps the
 * dialog open with the engine's message, which becomes the error.
 */
async function submitStartForm(dialog) {
  await dialog.getByRole('button', { name: '开始', exact: true }).click();
  try {
    await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  } catch {
    const text = (await dialog.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
    throw new Error(`the start dialog stayed open: ${text}`);
  }
}

/**
 * Works on a task as its unit's user: opens it from the list, claims it, lets check() look at (or change)
 * the form as it opened, and completes it with the form's own 完成 button.
 */
async function workOnTask(page, task, taskName, check = async () => {}) {
  await openTaskFromList(page, task);
  await page.locator('.task-details, [cam-tasklist-task]').getByText(taskName).first().waitFor();
  // an unassigned task shows 认领; its form stays read-only until then
  // (the engine knows whether it is: waiting for a button that never comes would cost the step's timeout)
  if (!(await rest(`/task/${task.id}`)).assignee) await page.getByRole('button', { name: '认领' }).click();
  const form = page.locator('.fjs-container').first();
  await form.waitFor({ timeout: STEP_TIMEOUT });
  await check(form);
  await shot(page, `${page.context().user ?? 'user'}-${task.taskDefinitionKey}`);
  const complete = page.getByRole('button', { name: '完成', exact: true });
  await complete.click();
  await page.locator(`a[href*="task=${task.id}"]`).waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
}

async function expectValue(locator, pattern) {
  const value = await locator.first().inputValue();
  if (!pattern.test(value)) throw new Error(`field shows "${value}", expected ${pattern}`);
}

async function expectChecked(locator) {
  if (!(await locator.first().isChecked())) throw new Error('the option the normal case needs is not preselected');
}

/** Clicks 发起流程 and picks a process whose start form is an embedded HTML form. */
async function startProcessWithEmbeddedForm(page, processName) {
  await page.getByText('发起流程', { exact: true }).first().click();
  const dialog = page.locator('.modal-dialog');
  await dialog.getByText(processName, { exact: true }).first().click();
  await embeddedFormRendered(page, dialog.locator('input[type="file"]').first());
  return dialog;
}

/** A school's batch: the CSV of the plan's columns (学籍号 for schools) and a ZIP of JPEG photos. */
async function schoolBatchFiles(browser, students) {
  const dir = path.join(OUT, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  const header = '银行,姓名,性别,身份证号,联系电话,学籍号';
  const rows = students.map((s) => ['中国工商银行', s.name, '男', s.idNumber, s.phone, s.studentNumber].join(','));
  const csv = path.join(dir, 'school-batch.csv');
  fs.writeFileSync(csv, `${[header, ...rows].join('\r\n')}\r\n`, 'utf8');
  const entries = [];
  for (const student of students) {
    entries.push({ name: `${student.idNumber}.jpg`, data: await idPhoto(browser, student) });
  }
  const zip = path.join(dir, 'school-photos.zip');
  fs.writeFileSync(zip, zipStored(entries));
  return { csv, zip };
}

/** A real JPEG of ID-photo size (358×441), drawn and encoded by the browser. */
async function idPhoto(browser, student) {
  const context = await browser.newContext({ viewport: { width: 358, height: 441 } });
  const page = await context.newPage();
  await page.setContent(`<body style="margin:0;background:#d8e6f3;display:flex;align-items:center;justify-content:center;
    height:441px;font:28px 'Noto Sans CJK SC',sans-serif">${student.name}</body>`);
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 85 });
  await context.close();
  return jpeg;
}

/** A ZIP archive with stored (uncompressed) entries: enough for photo archives, no library needed. */
function zipStored(entries) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buffer) => {
    let c = 0xffffffff;
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8); central.writeUInt32LE(crc, 16); central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.data.length, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** An embedded HTML form: Tasklist shows 正在加载… until the form's own code has run. */
async function embeddedFormRendered(page, field) {
  try {
    await field.waitFor({ timeout: STEP_TIMEOUT });
  } catch (error) {
    const stuck = await page.getByText('正在加载…').isVisible();
    throw new Error(stuck ? 'the embedded form never finished loading (Tasklist still shows 正在加载…)' : error.message);
  }
}

/** Opens a task by clicking its entry in the Tasklist list (the link carries the task id). */
async function openTaskFromList(page, task) {
  const entry = page.locator(`a[href*="task=${task.id}"]`).first();
  try {
    await entry.waitFor({ timeout: 2_000 });
  } catch {
    console.log(`  (${task.taskDefinitionKey} not in the list yet: reloaded)`);
    await page.reload(); // the list refreshes by itself, but not instantly
    await entry.waitFor({ timeout: STEP_TIMEOUT });
  }
  await entry.click();
  await page.locator('.task-details, [cam-tasklist-task]').first().waitFor();
}

/** form-js select: a hidden input behind a dropdown list; open it and pick the option by its text. */
async function chooseOption(form, label, value) {
  const field = form.locator('.fjs-form-field-select').filter({ hasText: label }).first();
  await field.locator('.fjs-input-group').click();
  await field.locator('.fjs-dropdownlist-item', { hasText: value }).first().click();
  await field.locator('.fjs-select-display', { hasText: value }).waitFor();
}

async function shot(page, name) {
  shotNumber++;
  const file = path.join(OUT, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** A close-up of the page around one element (e.g. an activity of the diagram with its badge). */
async function shotAround(page, locator, name) {
  const box = await locator.first().boundingBox();
  const viewport = page.viewportSize();
  const x = Math.max(0, box.x - 260);
  const y = Math.max(0, box.y - 140);
  const clip = { x, y, width: Math.min(viewport.width - x, box.width + 520), height: Math.min(viewport.height - y, box.height + 280) };
  shotNumber++;
  await page.screenshot({ path: path.join(OUT, `${String(shotNumber).padStart(2, '0')}-${name}.png`), clip });
}

async function expectVisible(locator) {
  await locator.first().waitFor({ state: 'visible' });
}

/** Polls until check() returns a value (the job executor works in the background); bounded. */
async function waitFor(what, check, timeoutMs = 60_000) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) {
        const waited = Date.now() - started;
        if (waited >= 1000) console.log(`  (waited ${(waited / 1000).toFixed(1)} s for ${what})`);
        return value;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

async function waitForTask(processInstanceId, taskDefinitionKey) {
  return waitFor(`task ${taskDefinitionKey}`, async () => {
    const tasks = await rest(`/task?processInstanceId=${processInstanceId}&taskDefinitionKey=${taskDefinitionKey}`);
    return tasks[0] ?? null;
  });
}

/**
 * Lets time pass for one process instance: executes its timer jobs now (as the clock would, later). A timer
 * the clock already fired (a slow machine can take longer than the demo's one-minute poll) is not waited for.
 */
async function fireTimers(processInstanceId) {
  const timers = await rest(`/job?processInstanceId=${processInstanceId}&timers=true`);
  if (timers.length === 0) console.log(`  (no timer left in ${processInstanceId}: the clock fired it already)`);
  for (const timer of timers) {
    await rest(`/job/${timer.id}/execute`, { method: 'POST' }).catch(async (error) => {
      const left = await rest(`/job?jobId=${timer.id}`);
      if (left.length > 0) throw error; // not a race with the job executor: a real failure
    });
  }
}

async function waitForGroupTask(processDefinitionKey, taskDefinitionKey, candidateGroup) {
  return waitFor(`task ${taskDefinitionKey} for ${candidateGroup}`, async () => {
    const tasks = await rest(`/task?processDefinitionKey=${processDefinitionKey}`
      + `&taskDefinitionKey=${taskDefinitionKey}&candidateGroup=${candidateGroup}&sortBy=created&sortOrder=desc`);
    return tasks[0] ?? null;
  });
}

async function activeActivities(processInstanceId) {
  const tree = await rest(`/process-instance/${processInstanceId}/activity-instances`);
  const ids = [];
  const walk = (node) => {
    if (!node.childActivityInstances?.length && node.activityType !== 'processDefinition') ids.push(node.activityId);
    (node.childActivityInstances ?? []).forEach(walk);
  };
  walk(tree);
  return ids;
}

async function rest(resource, { method = 'GET', body } = {}) {
  const response = await fetch(`${BASE}/engine-rest${resource}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${ADMIN}:${PASSWORD}`).toString('base64')}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${resource}: HTTP ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** An application's status, as the card office reads it over the application's own API. */
async function applicationStatus(applicationNumber) {
  const response = await fetch(`${BASE}/api/applications/${applicationNumber}`, {
    headers: { Authorization: `Basic ${Buffer.from(`cardoffice:${PASSWORD}`).toString('base64')}` },
  });
  if (!response.ok) throw new Error(`GET /api/applications/${applicationNumber}: HTTP ${response.status}`);
  return (await response.json()).status;
}

/** A POST to the application's own API as a unit's user (the village's registration tool). */
async function api(user, resource, body) {
  const response = await fetch(`${BASE}${resource}`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`,
      'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${resource}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** A valid applicant (Panyu unless another address code): 18-digit ID number with its check character. */
function newApplicant(birthYear = 1986, surname, addressCode = '440113') {
  const birth = `${birthYear}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}`;
  const sequence = `${randomInt(10)}${randomInt(10)}${2 * randomInt(5) + 1}`; // odd 17th digit: male
  const body = `${addressCode}${birth}${sequence}`;
  const surnames = ['陈', '黄', '梁', '何', '罗', '郭'];
  const given = ['志明', '国强', '家乐', '伟雄', '建华', '子轩'];
  return {
    name: (surname ?? surnames[randomInt(surnames.length)]) + given[randomInt(given.length)],
    idNumber: body + checkCharacter(body),
    phone: `139${String(randomInt(1e8)).padStart(8, '0')}`,
    studentNumber: `G${body}`,
  };
}

function checkCharacter(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return '10X98765432'[sum % 11];
}

function randomInt(bound) {
  return Math.floor(Math.random() * bound);
}

/** A real, small PDF of the signed registration form, printed by the browser itself. */
async function registrationScanPdf(browser, applicant) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.setContent(`<html><body style="font-family: 'Noto Sans CJK SC', sans-serif">
    <h2>番禺区社会保障卡申领登记表</h2>
    <p>姓名：${applicant.name}</p><p>身份证号码：${applicant.idNumber}</p>
    <p>申请人签名：${applicant.name}　　经办人：罗秀英</p></body></html>`);
  fs.mkdirSync(path.join(OUT, 'uploads'), { recursive: true });
  const file = path.join(OUT, 'uploads', `registration-scan-${applicant.idNumber.slice(-4)}.pdf`);
  await page.pdf({ path: file, format: 'A5' });
  await context.close();
  return file;
}

function parseArguments(args) {
  const parsed = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) parsed[args[i].slice(2)] = args[i + 1]?.startsWith('--') ? 'true' : args[++i];
  }
  return parsed;
}

function indent(text) {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}

await main();
