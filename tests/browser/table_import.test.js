// Importing a council's performance table in Chromium: a performance officer
// uploads a small CSV, sees how each column was read, decides the column the
// headings leave undecided, changes another's period, and imports it into a
// new plan; with a table whose headings are not recognised, the officer
// chooses the line that holds them first. Every page on the way passes
// axe-core's WCAG 2.2 AA rules.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, assertAccessible, signIn, startTrustboard } from './harness.js';

const TABLE = [
  'Ref,Indicator,Actual 06/07,Target 07/08,Mystery',
  'NI 50,Emotional health of children,63%,65%,Improving',
  'NI 99,Looked after children reaching level 4 in English,45%,50%,Worse',
  '',
].join('\n');

// Headings the reader knows none of, under two lines of titles.
const UNKNOWN_HEADINGS = [
  'Example Borough Council',
  'Quarterly summary',
  'Alpha,Beta,Gamma,Delta',
  'X1,Emotional health of children,63%,65%',
  'X2,Looked after children reaching level 4 in English,45%,50%',
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

  test('an officer chooses the heading line of a table whose headings are not recognised', async () => {
    const { baseUrl, addUser, newPage } = trustboard;
    addUser('hana', 'performance_officer');
    const { context, page } = await newPage();
    await signIn(page, baseUrl, 'hana', PASSWORD);
    await page.getByRole('link', { name: 'Import a table' }).click();
    await page.getByLabel('Table file').setInputFiles({
      name: 'summary.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(UNKNOWN_HEADINGS),
    });
    await page.getByRole('button', { name: 'Upload and preview' }).click();

    // No row is taken for the headings: the first lines are offered, none chosen.
    const chooser = page.getByRole('heading', { level: 1, name: 'Which line of summary.csv holds the headings' });
    await assert.doesNotReject(chooser.waitFor());
    assert.match(await page.locator('#heading-note').innerText(), /no row of column headings/);
    const offered = page.locator('#table-heading-lines tbody tr');
    assert.equal(await offered.count(), 5);
    assert.match(await offered.nth(2).innerText(), /Line 3[\s\S]*Alpha[\s\S]*Delta/);
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 0);
    await assertAccessible(page, 'the choice of heading line');

    // Going on without a choice is refused, with the reason at the radios.
    await page.getByRole('button', { name: 'Read the columns under this line' }).click();
    await assert.doesNotReject(page.locator('.error-summary').waitFor());
    assert.match(await page.locator('.error-summary').innerText(), /Choose the line that holds the column headings/);
    assert.match(await page.title(), /^Error: /);
    await assertAccessible(page, 'the choice of heading line, refused');

    // Line 3 read as the headings: each of its cells names a column, not yet decided.
    await page.getByLabel('Line 3').check();
    await page.getByRole('button', { name: 'Read the columns under this line' }).click();
    await assert.doesNotReject(
      page.getByRole('heading', { level: 1, name: 'How the columns of summary.csv are read' }).waitFor(),
    );
    const columns = page.locator('#table-columns tbody tr');
    for (const heading of ['Alpha', 'Beta', 'Gamma', 'Delta']) {
      assert.match(await columns.filter({ hasText: heading }).innerText(), /Not decided/);
    }

    // The officer can go back to the choice, which remembers line 3.
    await page.getByRole('button', { name: 'Choose the heading line' }).click();
    await assert.doesNotReject(chooser.waitFor());
    assert.equal(await page.getByLabel('Line 3').isChecked(), true);
    await page.getByRole('button', { name: 'Read the columns under this line' }).click();

    await page.getByLabel('How to read column 1 Alpha').selectOption('code');
    await page.getByLabel('How to read column 2 Beta').selectOption('title');
    await page.getByLabel('How to read column 3 Gamma').selectOption('actual');
    await page.getByLabel('Period of column 3 Gamma').fill('2006/07');
    await page.getByLabel('How to read column 4 Delta').selectOption('target');
    await page.getByLabel('Period of column 4 Delta').fill('2007/08');
    await page.getByRole('button', { name: 'Read the columns again' }).click();
    await assert.doesNotReject(page.getByText('Every column is decided').waitFor());

    // The two rows under line 3 are imported, and nothing above it.
    await page.getByLabel('Name of the new plan').fill('Quarterly summary 2007');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await assert.doesNotReject(page.locator('#imported').waitFor());
    assert.match(
      await page.locator('#imported').innerText(),
      /summary\.csv imported into Quarterly summary 2007, a new plan/,
    );
    const counts = page.locator('#table-counts tbody tr');
    assert.match(await counts.filter({ hasText: 'Indicators' }).innerText(), /^Indicators\s+2\s+0\s+0\s+0$/);
    assert.match(await counts.filter({ hasText: 'Values' }).innerText(), /^Values\s+4\s+0\s+0\s+0$/);
    await assertAccessible(page, 'the import of the table under the chosen line');
    await context.close();
  });
});
