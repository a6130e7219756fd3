// trustboard in real headless Chromium: signing in through the form, the session
// cookie's attributes as the browser stores them, the Content-Security-Policy holding
// with the pages still styled, and axe-core's WCAG 2.2 AA rules on each page.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PASSWORD, assertAccessible, signIn, startTrustboard } from './harness.js';

const USERNAME = 'alice';

describe('trustboard in Chromium', () => {
  let trustboard;
  let baseUrl;
  let dataDir;
  let addUser;
  let newPage;

  before(async () => {
    trustboard = await startTrustboard({ admin: USERNAME });
    ({ baseUrl, dataDir, addUser, newPage } = trustboard);
  });

  after(async () => {
    await trustboard?.stop();
  });

  test('the sign-in page is styled, keyboard-friendly and accessible', async () => {
    const { context, page } = await newPage();
    await page.goto(`${baseUrl}/sign-in`);
    assert.equal(await page.title(), 'Sign in – trustboard');
    const headerColour = await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(headerColour, 'rgb(11, 12, 12)', 'the stylesheet did not apply');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    assert.equal(focused, 'Skip to main content');
    await assertAccessible(page, 'the sign-in page');
    await context.close();
  });

  test('a wrong password shows an accessible error summary and no session', async () => {
    const { context, page } = await newPage();
    await signIn(page, baseUrl, USERNAME, 'not the password at all');
    await assert.doesNotReject(page.getByText('There is a problem').waitFor());
    assert.match(await page.title(), /^Error: Sign in/);
    const cookies = await context.cookies();
    assert.equal(cookies.find((c) => c.name === 'trustboard_session'), undefined);
    await assertAccessible(page, 'the sign-in page with an error');
    await context.close();
  });

  test('signing in through the form sets a Secure, HttpOnly, SameSite=Strict cookie and shows the plans', async () => {
    const { context, page } = await newPage();
    await signIn(page, baseUrl, USERNAME, PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/');
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Plans' }).waitFor());
    assert.ok(await page.getByText(`Signed in as ${USERNAME}`).isVisible());
    // A new database starts with the sample plan, so the plans table has a row to check.
    assert.ok((await page.locator('tbody tr').count()) >= 1, 'no plans listed');

    const session = (await context.cookies()).find((c) => c.name === 'trustboard_session');
    assert.ok(session, 'Chromium kept no session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(session.path, '/');
    assert.equal(await page.evaluate(() => document.cookie), '', 'scripts can read cookies');

    await assertAccessible(page, 'the home page');
    await context.close();
  });

  test('administrators manage users through accessible pages', async () => {
    const { context, page } = await newPage();
    await signIn(page, baseUrl, USERNAME, PASSWORD);
    await page.getByRole('link', { name: 'Users' }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Users' }).waitFor());
    await assertAccessible(page, 'the users page');

    await page.getByRole('link', { name: 'Add a user' }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    await assert.doesNotReject(page.getByText('There is a problem').waitFor());
    await assertAccessible(page, 'the add-a-user page with errors');

    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Role').selectOption('board_member');
    await page.getByLabel('Password').fill('another long passphrase');
    await page.getByRole('button', { name: 'Add user' }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'bob' }).waitFor());
    assert.ok(await page.getByText('User added').isVisible());
    await assertAccessible(page, 'a user page');

    await page.getByRole('button', { name: 'Reset password' }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'New password for bob' }).waitFor());
    assert.match(await page.locator('#new-password').innerText(), /^[A-Za-z0-9]{20}$/);
    await assertAccessible(page, 'the new-password page');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await assert.doesNotReject(page.getByRole('cell', { name: 'User added' }).first().waitFor());
    await assertAccessible(page, 'the audit log');
    await context.close();
  });

  test('the change-password page and its errors are accessible', async () => {
    const { context, page } = await newPage();
    await signIn(page, baseUrl, USERNAME, PASSWORD);
    await page.getByRole('link', { name: 'Change password' }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor());
    await assertAccessible(page, 'the change-password page');
    await page.getByRole('button', { name: 'Change password' }).click();
    await assert.doesNotReject(page.getByText('There is a problem').waitFor());
    await assertAccessible(page, 'the change-password page with errors');
    await context.close();
  });

  test('signing out returns to the sign-in page and the home page is closed again', async () => {
    const { context, page } = await newPage();
    await signIn(page, baseUrl, USERNAME, PASSWORD);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${baseUrl}/sign-in`);
    await page.goto(`${baseUrl}/`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await context.close();
  });

  test('a board member reads the overview, an outcome scorecard, an indicator with its chart, and the exceptions', async () => {
    addUser('bea', 'board_member');
    const { context, page } = await newPage();
    await signIn(page, baseUrl, 'bea', PASSWORD);
    await page.goto(`${baseUrl}/plans/1?period=2010%2F11`);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /2010\/11/ }).waitFor());
    assert.ok((await page.locator('#table-outcomes tbody tr').count()) >= 1, 'no outcomes listed');
    await assertAccessible(page, 'the plan overview');

    await page.locator('#table-outcomes tbody a').first().click();
    await assert.doesNotReject(page.locator('#table-scorecard').waitFor());
    // RAG is written out, not only coloured.
    assert.match(await page.locator('#table-scorecard strong.tag').first().innerText(), /^(Green|Amber|Red|Grey): /);
    await assertAccessible(page, 'an outcome scorecard');

    await page.goto(`${baseUrl}/plans/1/indicators/NI%2061?period=2010%2F11`);
    const chart = page.locator('figure svg[role="img"]');
    await assert.doesNotReject(chart.waitFor());
    assert.match(await chart.locator('title').textContent(), /NI 61/);
    assert.ok((await chart.locator('path, polyline, line').count()) > 0, 'the chart draws nothing');
    assert.ok(await page.getByText('one child').first().isVisible());
    await assertAccessible(page, 'an indicator page');

    await page.getByRole('link', { name: 'Exceptions' }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /^Exceptions/ }).waitFor());
    await assertAccessible(page, 'the exceptions page');

    await page.getByRole('link', { name: 'Localities' }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /^Localities compared/ }).waitFor());
    await assertAccessible(page, 'the localities page');

    await page.getByRole('link', { name: 'Resources' }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /^Resources/ }).waitFor());
    await assertAccessible(page, 'the resources page');
    await context.close();
  });

  test('a performance officer publishes a plan and anyone reads its accessible public page', async () => {
    addUser('pam', 'performance_officer');
    const officer = await newPage();
    await signIn(officer.page, baseUrl, 'pam', PASSWORD);
    await officer.page.goto(`${baseUrl}/plans/1`);
    await officer.page.getByRole('button', { name: 'Publish approved figures' }).click();
    await assert.doesNotReject(officer.page.getByRole('button', { name: 'Withdraw the public page' }).waitFor());
    await officer.context.close();

    const visitor = await newPage();
    await visitor.page.goto(`${baseUrl}/public/1?period=2010%2F11`);
    await assert.doesNotReject(visitor.page.locator('#table-public').waitFor());
    assert.ok((await visitor.page.getByText(/^Withheld/).count()) > 0, 'no small number was withheld');
    await assertAccessible(visitor.page, 'the public page');
    await visitor.context.close();
  });

  test('a performance officer downloads the HTML Trust Board pack, and it is accessible', async () => {
    addUser('priya', 'performance_officer');
    const officer = await newPage();
    await signIn(officer.page, baseUrl, 'priya', PASSWORD);
    await officer.page.goto(`${baseUrl}/plans/1`);
    await assertAccessible(officer.page, 'the plan overview with the pack form');
    await officer.page.getByLabel('Period the pack reports on').selectOption('2010/11');
    await officer.page.getByLabel('Web page (HTML)').check();
    const [download] = await Promise.all([
      officer.page.waitForEvent('download'),
      officer.page.getByRole('button', { name: 'Download the pack' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /board-pack-2010-11\.html$/);
    const saved = join(dataDir, 'board-pack.html');
    await download.saveAs(saved);
    await officer.context.close();

    // Opened from disk, as a board member opens the file they were sent.
    const reader = await newPage();
    await reader.page.goto(pathToFileURL(saved).href);
    await assert.doesNotReject(reader.page.getByRole('heading', { level: 1 }).first().waitFor());
    assert.match(await reader.page.locator('body').innerText(), /2010\/11/);
    await assertAccessible(reader.page, 'the HTML board pack for 2010/11');
    await reader.context.close();
  });

  test('a lead officer enters a figure, a performance officer approves it, and the RAG changes', async () => {
    addUser('petra', 'performance_officer');
    addUser('leo', 'lead_officer');
    const indicatorPage = `${baseUrl}/plans/1/indicators/NI%2059?period=2010%2F11`;
    const ragOn = async (page) => (await page.locator('main strong.tag').first().innerText()).trim();

    const officer = await newPage();
    await signIn(officer.page, baseUrl, 'petra', PASSWORD);
    await officer.page.goto(indicatorPage);
    assert.match(await ragOn(officer.page), /^Red\b/, "NI 59's 2010/11 out-turn of 73.5% misses its 80% target");
    await officer.page.goto(`${baseUrl}/plans/1/indicators/NI%2059/settings`);
    await officer.page.getByLabel('Owner', { exact: true }).selectOption({ label: 'leo' });
    await officer.page.getByRole('button', { name: 'Save owner' }).click();
    await assert.doesNotReject(officer.page.getByText('Owner saved').waitFor());

    const lead = await newPage();
    await signIn(lead.page, baseUrl, 'leo', PASSWORD);
    await lead.page.getByRole('link', { name: 'My indicators' }).click();
    await lead.page.getByRole('link', { name: /Initial assessments carried out within 7 days/ }).click();
    await lead.page.getByLabel('Period').selectOption('2010/11');
    await lead.page.getByRole('button', { name: 'Show figures' }).click();
    await assert.doesNotReject(lead.page.getByRole('heading', { level: 2, name: '2010/11', exact: true }).waitFor());
    await assertAccessible(lead.page, 'the entry form');

    await lead.page.getByRole('button', { name: 'Submit for approval' }).click();
    await assert.doesNotReject(lead.page.getByText('There is a problem').waitFor());
    assert.ok(await lead.page.getByRole('link', { name: 'Enter the out-turn, for example 62% or 31/35' }).isVisible());
    await assertAccessible(lead.page, 'the entry form with an error');

    await lead.page.getByLabel('Out-turn for 2010/11').fill('81%');
    await lead.page.getByLabel('Commentary', { exact: true }).fill('Duty team fully staffed from the autumn');
    await lead.page.getByRole('button', { name: 'Submit for approval' }).click();
    await assert.doesNotReject(lead.page.getByText('Submitted for approval').waitFor());

    await officer.page.goto(`${baseUrl}/plans/1/approvals`);
    await assert.doesNotReject(officer.page.getByRole('heading', { level: 1, name: 'Figures awaiting approval' }).waitFor());
    await assertAccessible(officer.page, 'the approval queue');
    await officer.page.getByRole('link', { name: 'NI 59' }).click();
    assert.equal((await officer.page.locator('#entered').innerText()).trim(), '81%');
    await assertAccessible(officer.page, 'an entry awaiting approval');
    await officer.page.getByRole('button', { name: 'Approve' }).click();
    await assert.doesNotReject(officer.page.getByText('Figure approved and added to the plan').waitFor());

    await lead.page.goto(indicatorPage);
    assert.match(await ragOn(lead.page), /^Green\b/, 'the approved out-turn meets the target');

    await officer.page.goto(`${baseUrl}/plans/1/nodes/1.1/actions`);
    await assertAccessible(officer.page, 'an action plan');
    await officer.page.locator('main tbody a').first().click();
    await assert.doesNotReject(officer.page.getByRole('button', { name: 'Save status' }).waitFor());
    await assertAccessible(officer.page, 'a milestone page');
    await officer.page.goto(`${baseUrl}/plans/1/milestones/overdue`);
    await assertAccessible(officer.page, 'the overdue and at-risk milestones');
    await officer.context.close();
    await lead.context.close();
  });
});
