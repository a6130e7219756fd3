// Importing a council's performance table in Chromium: a performance officer
// uploads a small CSV, sees how each column was read, decides the column the
// headings leave undecided, changes another's period, and imports it into a
// new plan; every page on the way passes axe-core's WCAG 2.2 AA rules.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, assertAccessible, signIn, startTrustboard } from './harness.js';

const TABLE = [
  'Ref,Indicator,Actual 06/07,Target 07/08,Mystery',
  'NI 50,Emotional health of children,63%,65%,Improving',
  'NI 99,Looked after children reaching level 4 in English,45%,50%,Worse',
  '',
].join('\n');

describe('importing a performance table in Chromium', () => {
  let trustboard;

  before(async () => {
    trustboard = await startTrustboard();
  });

  after(async () => {
    await trustboard?.stop();
  });

  test('a performance officer uploads a table, corrects a column and imports it', async () => {
    const { baseUrl, addUser, newPage } = trustboard;
    addUser('tess', 'performance_officer');
    const { context, page } = await newPage();
    await signIn(page, baseUrl, 'tess', PASSWORD);
    await page.getByRole('link', { name: 'Import a table' }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Import a performance table' }).waitFor());
    await assertAccessible(page, 'the upload page');

    await page.getByLabel('Table file').setInputFiles({
      name: 'kent-2007.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(TABLE),
    });
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await assert.doesNotReject(
      page.getByRole('heading', { level: 1, name: 'How the columns of kent-2007.csv are read' }).waitFor(),
    );
    await assertAccessible(page, 'the preview of the columns');
    const organisation = (await page.locator('.caption-l').innerText()).trim();
    // The undecided column is the first row, with its first values.
    const first = page.locator('#table-columns tbody tr').first();
    assert.match(await first.innerText(), /Mystery[\s\S]*Not decided[\s\S]*Improving/);

    await page.getByLabel('How to read column 5 Mystery').selectOption('trend');
    await page.getByLabel('Period of column 3 Actual 06/07').fill('2007/08');
    await page.getByRole('button', { name: 'Read the columns again' }).click();
    await assert.doesNotReject(page.getByText('Every column is decided').waitFor());
    const actual = page.locator('#table-columns tbody tr', { hasText: 'Actual 06/07' });
    assert.match(await actual.innerText(), /2007\/08/);

    await page.getByLabel('Name of the new plan').fill('Kent CYPP 2007');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await assert.doesNotReject(page.locator('#imported').waitFor());
    assert.match(await page.locator('#imported').innerText(), /kent-2007\.csv imported into Kent CYPP 2007, a new plan/);
    await assertAccessible(page, 'the import result');

    // The new plan is the officer's organisation's, and its overview opens.
    await page.locator('#plan-link').click();
    await page.waitForURL(/\/plans\/\d+$/);
    await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor());
    assert.equal((await page.locator('.caption-l').innerText()).trim(), organisation);
    await context.close();
  });
});
