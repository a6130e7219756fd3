// The early-help register in real headless Chromium, on SQLite and on
// PostgreSQL: a coordinator takes a child from a first concern through level 3,
// a CAF, a Lead Professional, a Team Around the Child meeting and a review to
// closure through the forms; a practitioner of another agency sees only the
// signpost until a decision to share with their agency is recorded, and the
// refused attempt shows in "who saw this child". Every page passes axe-core.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertAccessible, signIn, startTrustboard } from './harness.js';

const CHILD = 'BR1';
const CHILD_NAME = 'Robin Browser';

/** Puts a school, health visiting and their practitioners on the register, as a council's CSV export would. */
function importRegisterStaff(cli) {
  const dir = mkdtempSync(join(tmpdir(), 'trustboard-register-'));
  writeFileSync(join(dir, 'agencies.csv'), 'agency,name\nbr-school,Browser Primary School\nbr-health,Browser Health Visiting\n');
  writeFileSync(
    join(dir, 'practitioners.csv'),
    'practitioner,name,agency\nbr-teacher,Tess Teacher,br-school\nbr-visitor,Vic Visitor,br-health\n',
  );
  writeFileSync(
    join(dir, 'children.csv'),
    'child,name,date_of_birth,gender,ethnicity,setting,locality,family,free_school_meals,special_educational_needs,looked_after,young_carer,opened\n',
  );
  writeFileSync(join(dir, 'steps.csv'), 'child,date,step,details\n');
  try {
    cli('register', 'import', dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Imports register tables (file name to CSV text) with `register import`, as a coordinator would. */
function importTables(cli, tables, ...more) {
  const dir = mkdtempSync(join(tmpdir(), 'trustboard-register-'));
  for (const [file, text] of Object.entries(tables)) writeFileSync(join(dir, file), text);
  try {
    cli('register', 'import', dir, ...more);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CHILDREN_HEADER =
  'child,name,date_of_birth,gender,ethnicity,setting,locality,family,free_school_meals,special_educational_needs,looked_after,young_carer,opened\n';

/** Opens a step's form from the child's page, fills it, records it and expects the child's page back. */
async function recordStep(page, linkName, fill, what) {
  await page.getByRole('link', { name: linkName }).click();
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: linkName }).waitFor());
  await fill(page);
  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForLoadState('domcontentloaded');
  const problems = page.locator('.error-summary');
  if (await problems.count()) {
    assert.fail(`${what} was refused: ${await problems.innerText()}`);
  }
  await assert.doesNotReject(page.getByText('Step recorded').waitFor(), `${what} was not recorded`);
}

for (const backend of ['sqlite', 'postgres']) {
  describe(`the early-help register in Chromium on ${backend}`, () => {
    let trustboard;
    let baseUrl;

    before(async () => {
      trustboard = await startTrustboard({ backend });
      ({ baseUrl } = trustboard);
      importRegisterStaff(trustboard.cli);
      trustboard.addUser('cora', 'register_coordinator');
      trustboard.addUser('tess', 'practitioner', '--practitioner', 'br-teacher');
      trustboard.addUser('vic', 'practitioner', '--practitioner', 'br-visitor');
    });

    after(async () => {
      await trustboard?.stop();
    });

    test('a coordinator takes a child from a concern to closure, and another agency sees only a signpost until a share is recorded', async () => {
      const coordinator = await trustboard.newPage();
      const cora = coordinator.page;
      await signIn(cora, baseUrl, 'cora');
      await cora.getByRole('link', { name: 'Register' }).first().click();
      await assert.doesNotReject(cora.getByRole('heading', { level: 1, name: 'Early-help register' }).waitFor());
      await assertAccessible(cora, 'the register');

      // A first concern puts the child on the register; a missing field is explained first.
      await cora.getByRole('link', { name: 'Add a child with a first concern' }).click();
      await cora.getByRole('button', { name: 'Add the child' }).click();
      await assert.doesNotReject(cora.getByText('There is a problem').waitFor());
      await assertAccessible(cora, 'the new-child form with errors');
      await cora.getByLabel('Reference', { exact: true }).fill(CHILD);
      await cora.getByLabel('Full name', { exact: true }).fill(CHILD_NAME);
      await cora.getByLabel('Date of birth', { exact: true }).fill('2005-02-03');
      await cora.getByLabel('Locality', { exact: true }).selectOption('Surbiton');
      await cora.getByLabel('Date raised', { exact: true }).fill('2011-04-04');
      await cora.getByLabel('Raised by', { exact: true }).fill('Ms Brown');
      await cora.getByLabel('Agency', { exact: true }).selectOption('br-school');
      await cora.getByLabel('What is the concern', { exact: true }).fill('Often hungry and late');
      await cora.getByRole('button', { name: 'Add the child' }).click();
      await assert.doesNotReject(cora.getByRole('heading', { level: 1, name: CHILD_NAME }).waitFor());
      await assertAccessible(cora, "a child's page");

      await recordStep(cora, 'Change the level of vulnerability', async (p) => {
        await assertAccessible(p, 'the level form');
        await p.getByLabel('Date', { exact: true }).fill('2011-04-05');
        await p.getByLabel('Level', { exact: true }).selectOption('family_support_package');
        await p.getByLabel('Set by').selectOption('br-teacher');
        await p.getByLabel('Reason', { exact: true }).fill('Needs in several areas');
      }, 'level 3');

      // A review before there is anything to review is refused with the rule's reason.
      await cora.getByRole('link', { name: 'Record a review' }).click();
      await cora.getByLabel('Date', { exact: true }).fill('2011-04-06');
      await cora.getByLabel('Notes').fill('Too soon');
      await cora.getByRole('button', { name: 'Record' }).click();
      await assert.doesNotReject(cora.getByText('There is a problem').waitFor());
      assert.match(await cora.locator('.error-summary').innerText(), /nothing to review/i);
      await assertAccessible(cora, 'a refused step');
      await cora.goto(`${baseUrl}/register/children/${CHILD}`);

      await recordStep(cora, 'Start a CAF: check and preparation', async (p) => {
        await p.getByLabel('Date the need was identified').fill('2011-04-06');
        await p.getByLabel('Date of preparation').fill('2011-04-07');
        await p.getByLabel('Assessor').selectOption('br-teacher');
        await p.getByRole('radio', { name: 'Yes' }).check();
      }, 'the CAF');
      await recordStep(cora, 'Record the CAF discussion', async (p) => {
        await p.getByLabel('Date', { exact: true }).fill('2011-04-14');
        await p.getByLabel('Needs, one a line').fill('Attendance\nBreakfast');
        await p.getByLabel('Strengths, one a line').fill('Close to grandmother');
        await p.getByLabel('Outcome').selectOption('family_support_meeting');
      }, 'the CAF discussion');
      await recordStep(cora, 'Appoint a Lead Professional', async (p) => {
        await p.getByLabel('Lead Professional').selectOption('br-teacher');
        await p.getByLabel('From').fill('2011-04-15');
      }, 'the Lead Professional');

      // Health visiting is not involved yet: its practitioner learns only whom to contact.
      const visitor = await trustboard.newPage();
      const vic = visitor.page;
      await signIn(vic, baseUrl, 'vic');
      await vic.goto(`${baseUrl}/register?q=${encodeURIComponent(CHILD_NAME)}`);
      await assert.doesNotReject(vic.getByText('is known to the register').waitFor());
      assert.match(await vic.locator('main').innerText(), /Tess Teacher/);
      assert.doesNotMatch(await vic.locator('main').innerText(), /hungry|Needs in several areas/);
      await assertAccessible(vic, 'search results with a signpost');
      const refused = await vic.goto(`${baseUrl}/register/children/${CHILD}`);
      assert.equal(refused.status(), 403);
      await assert.doesNotReject(vic.getByRole('heading', { level: 1, name: 'This child is known to the register' }).waitFor());
      assert.match(await vic.locator('main').innerText(), /A CAF is open/);
      assert.doesNotMatch(await vic.locator('main').innerText(), /hungry|Breakfast/);
      await assertAccessible(vic, 'the signpost page');
      const api = await vic.request.get(`${baseUrl}/api/register/children/${CHILD}`);
      assert.equal(api.status(), 403);
      assert.doesNotMatch(await api.text(), /hungry|Breakfast/);

      // Sharing on the basis of consent needs the family's consent on record first.
      await recordStep(cora, 'Record consent given, refused or withdrawn', async (p) => {
        await p.getByLabel('Consent', { exact: true }).selectOption('given');
        await p.getByLabel('Scope: what may be shared, with whom, for what').fill('The CAF and its plan, with health visiting');
        await p.getByLabel('Date', { exact: true }).fill('2011-04-15');
        await p.getByLabel('Given, refused or withdrawn by').fill('Mrs Browser, mother');
        await p.getByLabel('Recorded by').selectOption('br-teacher');
        await assertAccessible(p, 'the consent form');
      }, 'consent');
      await recordStep(cora, 'Record a decision to share or not to share', async (p) => {
        await p.getByLabel('Decision').selectOption('share');
        await p.getByLabel('Recipient agency').selectOption('br-health');
        await p.getByLabel('Purpose').fill('Health visits as part of the family support plan');
        await p.getByLabel('Legal basis').selectOption('consent');
        await p.getByLabel('Reason', { exact: true }).fill('The family agreed at the CAF discussion');
        await p.getByLabel('Decided by').selectOption('br-teacher');
        await p.getByLabel('Date', { exact: true }).fill('2011-04-16');
      }, 'the share decision');

      await vic.goto(`${baseUrl}/register/children/${CHILD}`);
      await assert.doesNotReject(vic.getByRole('heading', { level: 1, name: CHILD_NAME }).waitFor());
      assert.match(await vic.locator('main').innerText(), /Often hungry and late/);
      await visitor.context.close();

      await recordStep(cora, 'Record a TAC, family support or YISP meeting', async (p) => {
        await p.getByLabel('Kind of meeting').selectOption('team_around_the_child');
        await p.getByLabel('Date', { exact: true }).fill('2011-04-20');
        await p.getByRole('checkbox', { name: 'Tess Teacher' }).check();
        await p.getByRole('checkbox', { name: 'Vic Visitor' }).check();
        await p.getByLabel('Plan agreed').fill('Breakfast club and health visits');
        await assertAccessible(p, 'the meeting form');
      }, 'the TAC meeting');
      await recordStep(cora, 'Record a review', async (p) => {
        await p.getByLabel('Date', { exact: true }).fill('2011-07-01');
        await p.getByRole('checkbox', { name: 'Tess Teacher' }).check();
        await p.getByLabel('Notes').fill('Attendance improving');
      }, 'the review');
      await recordStep(cora, 'Close the record', async (p) => {
        await p.getByLabel('Date', { exact: true }).fill('2011-08-01');
        await p.getByLabel('Outcome').selectOption('needs_met');
        await p.getByLabel('Closed by').selectOption('br-teacher');
        await p.getByLabel('Closing note').fill('Plan complete; attendance back to normal');
      }, 'the closure');

      const history = await cora.locator('main ol').innerText();
      for (const step of ['Level set to 3', 'CAF discussion', 'Lead Professional appointed', 'Meeting', 'Review', 'Record closed']) {
        assert.ok(history.includes(step), `the timeline lacks "${step}":\n${history}`);
      }
      await assertAccessible(cora, 'a closed record');

      await cora.getByRole('link', { name: 'Who saw this child' }).click();
      const seen = await cora.locator('main').innerText();
      assert.match(seen, /vic/, 'the refused attempt is not in the audit');
      await assertAccessible(cora, 'who saw this child');
      await coordinator.context.close();
    });

    test('who may open a child is decided over real HTTP for every kind of account', async () => {
      importTables(trustboard.cli, {
        'agencies.csv': 'agency,name\n',
        'practitioners.csv': 'practitioner,name,agency\n',
        'children.csv': `${CHILDREN_HEADER}BR2,Sam Socket,2006-01-02,,,,Surbiton,,no,no,no,no,2011-05-03\n`,
        'steps.csv':
          'child,date,step,details\nBR2,2011-05-03,record_concern,"{""date"":""2011-05-03"",""raised_by"":""Ms Brown"",""agency"":""br-school"",""description"":""Often late""}"\n',
      });
      trustboard.addUser('bea', 'board_member');
      const kent = 'Kent County Council';
      importTables(
        trustboard.cli,
        {
          'agencies.csv': 'agency,name\nk-school,Kent School\n',
          'practitioners.csv': 'practitioner,name,agency\nk-teacher,Kim Teacher,k-school\n',
          'children.csv': CHILDREN_HEADER,
          'steps.csv': 'child,date,step,details\n',
        },
        '--org',
        kent,
      );
      trustboard.addUser('kcora', 'register_coordinator', '--organisation', kent);

      const routes = ['/register/children/BR2', '/register/children/BR2/steps/review', '/api/register/children/BR2'];
      const expected = {
        cora: [200, 200, 200, 200],
        tess: [200, 200, 200, 200],
        vic: [403, 403, 403, 200],
        kcora: [404, 404, 404, 200],
        bea: [403, 403, 403, 403],
      };
      for (const [username, statuses] of Object.entries(expected)) {
        const { context, page } = await trustboard.newPage();
        await signIn(page, baseUrl, username);
        const got = [];
        for (const path of [...routes, '/register']) {
          const reply = await page.request.get(`${baseUrl}${path}`, { maxRedirects: 0 });
          got.push(reply.status());
          if (reply.status() !== 200) {
            assert.doesNotMatch(await reply.text(), /Often late/, `${username} ${path} shows the concern`);
          }
        }
        assert.deepEqual(got, statuses, `${username}: ${[...routes, '/register'].join(', ')}`);
        if (username === 'kcora') {
          const found = await page.request.get(`${baseUrl}/api/register/search?q=Sam`);
          assert.deepEqual(await found.json(), [], 'another council finds nothing');
        }
        await context.close();
      }
      const anonymous = await trustboard.newPage();
      const statuses = [];
      for (const path of routes) {
        statuses.push((await anonymous.page.request.get(`${baseUrl}${path}`, { maxRedirects: 0 })).status());
      }
      assert.deepEqual(statuses, [303, 303, 401], 'someone not signed in');
      await anonymous.context.close();
    });
  });
}
